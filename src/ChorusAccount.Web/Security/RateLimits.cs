using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using ChorusAccount.Web.Authentication;
using ChorusAccount.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ChorusAccount.Web.Security;

/// <summary>Rate limits, per signed-in user (per address for a caller without a session), with the portal's 429 page
/// (problem details for the API).</summary>
public static class RateLimits
{
    public const string Section = "RateLimiting";
    public const string StructureSearch = nameof(StructureSearch);
    public const string DocumentUpload = nameof(DocumentUpload);
    public const string DocumentZip = nameof(DocumentZip);
    public const string PersonalDataExport = nameof(PersonalDataExport);

    /// <summary>Requests sent to the managers: « Demander un rattachement » and « Ajouter un abonnement », one budget.</summary>
    public const string Requests = nameof(Requests);
    public const string InvoiceEvents = nameof(InvoiceEvents);
    private const int SegmentsPerWindow = 6;

    /// <summary>Every policy with its default; `RateLimiting:{Name}:PermitLimit` and `:Window` override it. A new policy is
    /// one more line here, then `[EnableRateLimiting(name)]` on its actions or `.RequireRateLimiting(name)` on its endpoint.</summary>
    public static readonly IReadOnlyList<RateLimitSettings> Defaults =
    [
        new() { Name = StructureSearch, PermitLimit = 60, Window = TimeSpan.FromMinutes(1) },
        new() { Name = DocumentUpload, PermitLimit = 20, Window = TimeSpan.FromMinutes(1) },
        // A ZIP of the ticked pièces jointes reads up to the whole documents quota from the database.
        new() { Name = DocumentZip, PermitLimit = 10, Window = TimeSpan.FromMinutes(10) },
        new() { Name = PersonalDataExport, PermitLimit = 5, Window = TimeSpan.FromMinutes(10) },
        // Each request lands in the managers' lists and mail: enough for a newcomer's whole set of structures and spaces.
        new() { Name = Requests, PermitLimit = 30, Window = TimeSpan.FromHours(1) },
        // Per API key holder (the invoice module posts batches of events): generous, it only stops a runaway sender.
        new() { Name = InvoiceEvents, PermitLimit = 600, Window = TimeSpan.FromMinutes(1) },
    ];

    public static IServiceCollection AddPortalRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        foreach (var policy in Defaults)
        {
            services.AddOptions<RateLimitSettings>(policy.Name)
                .Configure(o => (o.Name, o.PermitLimit, o.Window) = (policy.Name, policy.PermitLimit, policy.Window))
                .Bind(configuration.GetSection($"{Section}:{policy.Name}"))
                .Validate(o => o.PermitLimit > 0 && o.Window > TimeSpan.Zero, $"{Section}:{policy.Name}: PermitLimit and Window must be positive.")
                .ValidateOnStart();
        }

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = OnRejectedAsync;
            foreach (var policy in Defaults)
            {
                o.AddPolicy(policy.Name, context => Partition(context, policy.Name));
            }
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext context, string policy)
    {
        var settings = context.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitSettings>>().Get(policy);
        var caller = context.User.FindFirstValue(PortalClaims.UserId) is { } userId ? "user:" + userId : "ip:" + context.Connection.RemoteIpAddress;
        return RateLimitPartition.GetSlidingWindowLimiter(caller, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = settings.PermitLimit,
            Window = settings.Window,
            SegmentsPerWindow = SegmentsPerWindow,
            QueueLimit = 0,
        });
    }

    // The body is left empty: the status code pages answer with the portal's « Trop de requêtes » page; a machine calling
    // the API gets problem details instead.
    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var policy = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName ?? "";
        // A sliding window gives a permit back with each of its segments.
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var metadata)
            ? metadata
            : http.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitSettings>>().Get(policy).Window / SegmentsPerWindow;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        SecurityEvents.LogRateLimited(http, policy);
        if (http.GetEndpoint()?.Metadata.GetMetadata<ApiControllerAttribute>() is not null)
        {
            var t = http.RequestServices.GetRequiredService<IStringLocalizer<UiText>>();
            await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: t["Api.TooManyRequests", seconds]).ExecuteAsync(http);
        }
    }
}

/// <summary>One rate limit: at most <see cref="PermitLimit"/> requests per caller in any <see cref="Window"/>.</summary>
public sealed class RateLimitSettings
{
    public string Name { get; set; } = "";
    public int PermitLimit { get; set; }
    public TimeSpan Window { get; set; }
}
