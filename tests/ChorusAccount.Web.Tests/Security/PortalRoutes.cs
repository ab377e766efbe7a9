using System.Text.RegularExpressions;
using ChorusAccount.Web.Authentication;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ChorusAccount.Web.Tests.Security;

/// <summary>One endpoint of the portal and one of its HTTP methods, as the portal's own routing lists it.</summary>
/// <param name="ForOperators">The endpoint asks for the <see cref="OperatorPolicy"/> itself (`/metrics`), wherever its path is.</param>
public sealed partial record PortalRoute(string Method, string Template, bool Anonymous, IReadOnlyList<ParameterDescriptor> Parameters, bool ForOperators = false)
{
    /// <summary>
    /// Ids a signed-in agent may name without rights on them: any agent may ask to join any structure, and a structure's
    /// services are public directory data (the fiche structure lists them); the pages that take them check the pair.
    /// </summary>
    public static readonly IReadOnlySet<string> PublicIdParameters = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "structureId", "serviceUnitId" };

    /// <summary>For operators only: everything under `/ops`, and any endpoint that asks for the operator policy.</summary>
    public bool IsOps => Template.StartsWith("/ops/", StringComparison.Ordinal) || Template == "/ops" || ForOperators;

    /// <summary>
    /// Every endpoint of the portal (controllers, the Hangfire dashboard, health checks, what comes next), machine
    /// endpoints (an API key, never a session) apart: <paramref name="machine"/> lists those instead.
    /// </summary>
    public static IReadOnlyList<PortalRoute> All(PortalHost host, bool machine = false) =>
        host.Services.GetRequiredService<IEnumerable<EndpointDataSource>>()
            .SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == ApiKeyAuthentication.Policy) == machine)
            .SelectMany(e =>
            {
                var methods = e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
                var action = e.Metadata.GetMetadata<ControllerActionDescriptor>();
                var template = "/" + (e.RoutePattern.RawText ?? "").TrimStart('/');
                var anonymous = e.Metadata.GetMetadata<IAllowAnonymous>() is not null;
                var forOperators = e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == OperatorPolicy.Name);
                return methods.Select(m => new PortalRoute(m, template, anonymous, action is null ? [] : [.. action.Parameters], forOperators));
            })
            .Where(r => r.Method is "GET" or "POST")
            .Distinct()
            .ToList();

    /// <summary>The parameters that name objects by id (a Guid, or a list of them), in the path, the query or the form.</summary>
    public IEnumerable<ParameterDescriptor> IdParameters =>
        Parameters.Where(p => (p.ParameterType == typeof(Guid) || p.ParameterType == typeof(Guid?) || p.ParameterType == typeof(List<Guid>))
            && !PublicIdParameters.Contains(p.Name));

    /// <summary>The path with every route parameter filled: <paramref name="id"/> for ids, a harmless value otherwise.</summary>
    public string Path(Guid id) =>
        RouteParameter().Replace(Template, m => m.Groups["constraint"].Value switch
        {
            "guid" => id.ToString(),
            "int" => "1",
            _ => m.Groups["catchAll"].Success || m.Groups["optional"].Success ? "" : "x",
        }).TrimEnd('/') is { Length: > 0 } path ? path : "/";

    public bool TakesIdInPath => Template.Contains(":guid", StringComparison.Ordinal);

    public override string ToString() => $"{Method} {Template}";

    [GeneratedRegex(@"\{(?<catchAll>\*\*)?(?<name>\w+)(:(?<constraint>\w+))?(?<optional>\?)?\}")]
    private static partial Regex RouteParameter();
}
