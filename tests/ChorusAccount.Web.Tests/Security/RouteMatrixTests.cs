using System.Net;
using ChorusAccount.Web.Authentication;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ActionConstraints;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChorusAccount.Web.Tests.Security;

/// <summary>Checks drawn from the portal's own list of actions, so that a new action is covered the day it is added.</summary>
[Collection(SqliteCollection.Name)]
public sealed class RouteMatrixTests(SqlitePortalFixture fixture)
{
    private PortalHost Host => fixture.Host;

    // Machine endpoints take an API key, not a session: they have their own check below.
    private static bool IsMachineEndpoint(ControllerActionDescriptor action) =>
        action.EndpointMetadata.OfType<AuthorizeAttribute>().Any(a => a.Policy == ApiKeyAuthentication.Policy);

    private IReadOnlyList<(string Method, string Template, bool Anonymous)> Routes(bool machine = false) =>
        Host.Services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items
            .OfType<ControllerActionDescriptor>()
            .Where(a => IsMachineEndpoint(a) == machine)
            .SelectMany(a => (a.ActionConstraints?.OfType<HttpMethodActionConstraint>().SelectMany(c => c.HttpMethods) ?? ["GET"])
                .Select(m => (m, "/" + a.AttributeRouteInfo!.Template!.TrimStart('/'), a.EndpointMetadata.OfType<IAllowAnonymous>().Any())))
            .Distinct()
            .ToList();

    [Fact]
    public async Task Every_post_without_an_antiforgery_token_is_rejected_with_400()
    {
        var posts = Routes().Where(r => r.Method == "POST").Select(r => r.Template).ToList();
        Assert.NotEmpty(posts);
        // An operator may reach every action, so each POST gets as far as its antiforgery check.
        var user = await Host.OperatorAsync();
        using var agent = Host.NewAgent();
        await agent.SignInAsync(user.Login);

        foreach (var path in posts)
        {
            using var response = await agent.NoRedirect.PostAsync(path, new FormUrlEncodedContent([new("Form.LastName", "X")]));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"POST {path} without a token answered {(int)response.StatusCode}");
        }

        Assert.Equal("Testeur", (await Host.FindUserAsync(user.Login)).LastName);
    }

    [Fact]
    public async Task Every_portal_page_sends_an_anonymous_visitor_to_the_PIGP()
    {
        var pages = Routes().Where(r => r.Method == "GET" && !r.Anonymous && !r.Template.Contains('{')).Select(r => r.Template).ToList();
        Assert.Contains("/mon-compte", pages);
        using var agent = Host.NewAgent();

        foreach (var path in pages)
        {
            using var response = await agent.NoRedirect.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"GET {path} answered {(int)response.StatusCode}");
            Assert.StartsWith(new Uri(Host.PigpAddress, "connect/authorize").ToString(), response.Headers.Location!.ToString());
        }
    }

    [Fact]
    public async Task Every_post_without_a_session_is_turned_away()
    {
        var posts = Routes().Where(r => r.Method == "POST").Select(r => r.Template).ToList();
        using var agent = Host.NewAgent();

        foreach (var path in posts)
        {
            using var response = await agent.NoRedirect.PostAsync(path, new FormUrlEncodedContent([]));
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.BadRequest, $"POST {path} answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Every_machine_endpoint_refuses_a_signed_in_operator_without_its_key()
    {
        var posts = Routes(machine: true).Where(r => r.Method == "POST").Select(r => r.Template).ToList();
        Assert.Contains("/api/invoice-events", posts);
        var user = await Host.OperatorAsync();
        using var agent = Host.NewAgent();
        await agent.SignInAsync(user.Login);

        foreach (var path in posts)
        {
            using var response = await agent.NoRedirect.PostAsync(path, new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"POST {path} with a session and no key answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task An_unknown_address_gets_the_friendly_404_page()
    {
        var user = await Host.CreateUserAsync();
        using var agent = Host.NewAgent();
        await agent.SignInAsync(user.Login);

        using var response = await agent.NoRedirect.GetAsync("/nulle-part");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = await Page.ReadAsync(response);
        Assert.True(page.Contains("Page non trouvée"), page.Html);
    }
}
