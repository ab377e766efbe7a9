using System.Net;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Web.Security;
using ChorusAccount.Web.Tests.Documents;
using ChorusAccount.Web.Tests.Infrastructure;
using ChorusAccount.Web.Tests.Notifications;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChorusAccount.Web.Tests.Security;

/// <summary>Rate limits per user on the structure search and the upload, answered with the portal's 429 page.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private const string SearchPath = "/mon-compte/rattachements/demande?searched=true&City=orleans";
    private PortalHost _host = default!;

    public Task InitializeAsync()
    {
        _host = PortalHost.Start(TestDatabase.Sqlite(), new Dictionary<string, string?>
        {
            ["RateLimiting:StructureSearch:PermitLimit"] = "3",
            ["RateLimiting:DocumentUpload:PermitLimit"] = "2",
            ["RateLimiting:DocumentUpload:Window"] = "00:10:00",
            ["RateLimiting:InvoiceEvents:PermitLimit"] = "2",
            ["Notifications:ApiKeys:0"] = DigestPortalFixture.ApiKey,
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<(User User, AgentClient Agent)> SignedInAsync(UserLanguage language = UserLanguage.French)
    {
        var user = await _host.CreateUserAsync();
        await _host.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Language, language)));
        var agent = _host.NewAgent();
        await agent.SignInAsync(user.Login);
        return (user, agent);
    }

    [Fact]
    public async Task The_fourth_search_in_a_minute_gets_the_friendly_429_page_and_another_user_is_not_slowed()
    {
        var (_, agent) = await SignedInAsync();
        using var _ = agent;
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync(SearchPath)).Status);
        }

        using var refused = await agent.NoRedirect.GetAsync(SearchPath);
        var page = await Page.ReadAsync(refused);

        Assert.Equal(HttpStatusCode.TooManyRequests, page.Status);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 60);
        Assert.Equal("fr", page.Document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Trop de requêtes", page.Single("h1").ShownText());
        Assert.True(page.Contains("Patientez une minute puis recommencez."));
        Assert.True(page.Has("a[href='/']"), "no link back to the home page");

        var (_, other) = await SignedInAsync();
        using var __ = other;
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync(SearchPath)).Status);
    }

    [Fact]
    public async Task The_429_page_speaks_the_users_language()
    {
        var (_, agent) = await SignedInAsync(UserLanguage.English);
        using var _ = agent;
        for (var i = 0; i < 3; i++)
        {
            await agent.GetAsync(SearchPath);
        }

        var page = await agent.GetAsync(SearchPath);

        Assert.Equal(HttpStatusCode.TooManyRequests, page.Status);
        Assert.Equal("en", page.Document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Too many requests", page.Single("h1").ShownText());
    }

    [Fact]
    public async Task The_third_upload_is_refused_with_429_and_stores_nothing()
    {
        var (user, agent) = await SignedInAsync();
        using var _ = agent;
        Assert.True((await agent.UploadAsync("a.pdf", DocumentUploads.Pdf, "Premier")).Contains("La pièce jointe a été ajoutée."));
        Assert.True((await agent.UploadAsync("b.pdf", DocumentUploads.Pdf, "Deuxième")).Contains("La pièce jointe a été ajoutée."));

        var third = await agent.UploadAsync("c.pdf", DocumentUploads.Pdf, "Troisième");

        Assert.Equal(HttpStatusCode.TooManyRequests, third.Status);
        Assert.True(third.Contains("Trop de requêtes"));
        Assert.Equal(["Deuxième", "Premier"], await _host.WithDbAsync(db => db.Documents.Where(d => d.UserId == user.Id).Select(d => d.Designation).Order().ToArrayAsync()));
    }

    [Fact]
    public async Task The_invoice_module_s_third_post_in_a_minute_is_refused_with_429_and_records_nothing()
    {
        var world = new NotificationWorld(_host);
        var structure = await world.StructureAsync();
        var events = Enumerable.Range(0, 3).Select(_ => NotificationWorld.Event(structure)).ToList();
        await world.PostOkAsync(events[0]);
        await world.PostOkAsync(events[1]);

        using var refused = await world.PostAsync(events[2]);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 60);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Trop de requêtes", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await _host.WithDbAsync(db => db.NotificationEvents.CountAsync(e => e.ExternalId == events[2]["eventId"])));
    }

    [Fact]
    public void Every_rate_limited_action_names_a_defined_policy_and_the_costly_actions_are_limited()
    {
        var limited = _host.Services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items
            .OfType<ControllerActionDescriptor>()
            .SelectMany(a => a.EndpointMetadata.OfType<EnableRateLimitingAttribute>().Select(r => (Action: $"{a.ControllerName}.{a.ActionName}", r.PolicyName)))
            .ToList();

        Assert.All(limited, l => Assert.Contains(l.PolicyName, RateLimits.Defaults.Select(d => d.Name)));
        Assert.Contains(("Memberships.Search", RateLimits.StructureSearch), limited);
        Assert.Contains(("Memberships.NewRequest", RateLimits.StructureSearch), limited);
        Assert.Contains(("Documents.Add", RateLimits.DocumentUpload), limited);
        Assert.Contains(("Documents.DownloadSelection", RateLimits.DocumentZip), limited);
        Assert.Contains(("PersonalData.Download", RateLimits.PersonalDataExport), limited);
        Assert.Contains(("Memberships.NewRequest", RateLimits.Requests), limited);
        Assert.Contains(("Subscriptions.Add", RateLimits.Requests), limited);
        Assert.Contains(("InvoiceEvents.Post", RateLimits.InvoiceEvents), limited);
    }
}
