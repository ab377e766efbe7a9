using System.Net;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Structures;
using ChorusAccount.Core.Subscriptions;
using ChorusAccount.Web.Configuration;
using ChorusAccount.Web.Tests.Infrastructure;
using ChorusAccount.Web.Tests.Security;

namespace ChorusAccount.Web.Tests.Accounts;

/// <summary>
/// The home page: a tile per space the user holds (one per space, whatever the number of its lines, in the catalogue's
/// order), each leading where `Spaces:Urls` says; the requests waiting for the user's decision (a manager) and its own
/// pending requests, counted as « Activités du gestionnaire » and « Mon compte » list them; the demo's module page.
/// </summary>
public abstract class HomeTilesTests(PortalHost host)
{
    private static readonly int _invoicesReceived = SpaceCatalog.IdOf(SpaceCatalog.InvoicesReceived);
    private static readonly int _worksInvoices = SpaceCatalog.IdOf("FACTURES_TRAVAUX");
    private static readonly int _requestsSent = SpaceCatalog.IdOf("SOLLICITATIONS_EMISES");

    [Fact]
    public async Task The_tiles_are_the_spaces_held_once_each_in_the_catalogue_order_and_a_withdrawn_space_disappears()
    {
        var user = await host.CreateUserAsync();
        var first = await host.CreateStructureAsync();
        var second = await host.CreateStructureAsync();
        await host.AttachAsync(user, first);
        await host.AttachAsync(user, second, whole: false);
        await AddSubscriptionAsync(user, first, _worksInvoices, SubscriptionStatus.Active);
        // A request still pending grants nothing.
        await AddSubscriptionAsync(user, first, _requestsSent, SubscriptionStatus.Pending);
        using var agent = host.NewAgent();
        await agent.SignInAsync(user.Login);

        var home = await agent.GetAsync("/");
        Assert.Equal(["MON_COMPTE", "FACTURES_EMISES", "FACTURES_RECUES", "FACTURES_TRAVAUX"], TileCodes(home));
        Assert.Equal("/mon-compte", home.Single("#tile-MON_COMPTE a").GetAttribute("href"));
        // The test portals run the Development settings: the demo's addresses.
        Assert.Equal("/demo/espace/FACTURES_EMISES", home.Single("#tile-FACTURES_EMISES a").GetAttribute("href"));
        Assert.Equal("Factures émises", home.Single("#tile-FACTURES_EMISES .fr-tile__title").TextContent.Trim());

        // « Factures reçues » removed from both structures' lines: the space is no longer held.
        await AddSubscriptionAsync(user, first, _invoicesReceived, SubscriptionStatus.Withdrawn);
        await AddSubscriptionAsync(user, second, _invoicesReceived, SubscriptionStatus.Withdrawn, second.Services[0].Id);
        Assert.Equal(["MON_COMPTE", "FACTURES_EMISES", "FACTURES_TRAVAUX"], TileCodes(await agent.GetAsync("/")));
    }

    [Fact]
    public async Task A_user_without_a_membership_has_the_Mon_compte_tile_only_and_nothing_to_decide()
    {
        var user = await host.CreateUserAsync();
        using var agent = host.NewAgent();
        await agent.SignInAsync(user.Login);

        var home = await agent.GetAsync("/");
        Assert.Equal(["MON_COMPTE"], TileCodes(home));
        Assert.False(home.Has("#to-decide"));
        Assert.Equal("Mes demandes de rattachement : 0", home.Single("#own-pending-memberships").TextContent.Trim());
    }

    [Fact]
    public async Task A_manager_sees_how_many_requests_wait_for_its_decision_as_its_manager_page_lists_them()
    {
        var structure = await host.CreateStructureAsync();
        var manager = await host.CreateUserAsync();
        await host.AttachAsync(manager, structure, MembershipRole.PrimaryManager);
        foreach (var _ in Enumerable.Range(0, 2))
        {
            await host.AttachAsync(await host.CreateUserAsync(), structure, status: MembershipStatus.Pending);
        }

        var member = await host.CreateUserAsync();
        await host.AttachAsync(member, structure);
        await AddSubscriptionAsync(member, structure, _worksInvoices, SubscriptionStatus.Pending);
        // Decided already, and a request of another structure: not for this manager.
        await AddSubscriptionAsync(member, structure, _requestsSent, SubscriptionStatus.Refused);
        var elsewhere = await host.CreateStructureAsync();
        await host.AttachAsync(await host.CreateUserAsync(), elsewhere, status: MembershipStatus.Pending);
        // The manager's own request, elsewhere: its own pending request, for others to decide.
        await host.AttachAsync(manager, elsewhere, status: MembershipStatus.Pending);
        using var agent = host.NewAgent();
        await agent.SignInAsync(manager.Login);

        var home = await agent.GetAsync("/");
        Assert.Equal("Demandes de rattachement à valider : 2", home.Single("#to-decide-memberships").TextContent.Trim());
        Assert.Equal("Demandes d'abonnement à valider : 1", home.Single("#to-decide-subscriptions").TextContent.Trim());
        Assert.Equal("/activites-gestionnaire#pending-title", home.Single("#to-decide-memberships").GetAttribute("href"));
        Assert.Equal("/activites-gestionnaire#pending-subscriptions-title", home.Single("#to-decide-subscriptions").GetAttribute("href"));
        Assert.Equal("Mes demandes de rattachement : 1", home.Single("#own-pending-memberships").TextContent.Trim());
        Assert.Equal("Mes demandes d'abonnement : 0", home.Single("#own-pending-subscriptions").TextContent.Trim());
        Assert.Equal("/activites-gestionnaire", home.Single("#tile-ACTIVITES_GESTIONNAIRE a").GetAttribute("href"));

        var managerPage = await agent.GetAsync("/activites-gestionnaire");
        Assert.Equal(2, managerPage.FindAll("tr[id^='request-']").Count);
        Assert.Single(managerPage.FindAll("tr[id^='subscription-request-']"));
    }

    [Fact]
    public async Task A_manager_of_one_service_counts_the_requests_of_that_service_only()
    {
        var structure = await host.CreateStructureAsync();
        var manager = await host.CreateUserAsync();
        await host.AttachAsync(manager, structure, MembershipRole.SecondaryManager, whole: false);
        await host.AttachAsync(await host.CreateUserAsync(), structure, status: MembershipStatus.Pending, whole: false);
        await host.AttachAsync(await host.CreateUserAsync(), structure, status: MembershipStatus.Pending);
        using var agent = host.NewAgent();
        await agent.SignInAsync(manager.Login);

        var home = await agent.GetAsync("/");
        Assert.Equal("Demandes de rattachement à valider : 1", home.Single("#to-decide-memberships").TextContent.Trim());
    }

    [Fact]
    public async Task A_plain_user_sees_its_own_pending_requests_and_nothing_to_decide()
    {
        var structure = await host.CreateStructureAsync();
        var user = await host.CreateUserAsync();
        await host.AttachAsync(user, structure);
        await AddSubscriptionAsync(user, structure, _worksInvoices, SubscriptionStatus.Pending);
        await AddSubscriptionAsync(user, structure, _requestsSent, SubscriptionStatus.Pending);
        await host.AttachAsync(user, await host.CreateStructureAsync(), status: MembershipStatus.Pending);
        // A request on a structure whose membership is not in force is not listed in « Mon compte », nor counted.
        var pendingStructure = await host.CreateStructureAsync();
        await host.AttachAsync(user, pendingStructure, status: MembershipStatus.Pending);
        await AddSubscriptionAsync(user, pendingStructure, _worksInvoices, SubscriptionStatus.Pending);
        using var agent = host.NewAgent();
        await agent.SignInAsync(user.Login);

        var home = await agent.GetAsync("/");
        Assert.False(home.Has("#to-decide"));
        Assert.False(home.Has("#tile-ACTIVITES_GESTIONNAIRE"));
        Assert.Equal("Mes demandes de rattachement : 2", home.Single("#own-pending-memberships").TextContent.Trim());
        Assert.Equal("Mes demandes d'abonnement : 2", home.Single("#own-pending-subscriptions").TextContent.Trim());
        Assert.Equal("/mon-compte#subscriptions-title", home.Single("#own-pending-subscriptions").GetAttribute("href"));
        var account = await agent.GetAsync("/mon-compte");
        Assert.Equal(2, account.FindAll("tr[id^='subscription-']").Count(r => r.TextContent.Contains("En attente", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_demo_page_names_the_module_that_would_open_and_only_for_a_module_space()
    {
        var user = await host.CreateUserAsync();
        using var agent = host.NewAgent();
        await agent.SignInAsync(user.Login);

        var page = await agent.GetAsync("/demo/espace/FACTURES_EMISES");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Module « Factures émises »", page.Single("main h1").TextContent.Trim());
        Assert.StartsWith("Le module Factures émises de Chorus Pro s'ouvrirait ici.", page.Single("#demo-module").TextContent.Trim(), StringComparison.Ordinal);
        foreach (var code in new[] { "MON_COMPTE", "ACTIVITES_GESTIONNAIRE", "NOPE", "factures_emises" })
        {
            using var response = await agent.NoRedirect.GetAsync($"/demo/espace/{code}");
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{code} answered {(int)response.StatusCode}");
        }
    }

    private static List<string> TileCodes(Page page) => [.. page.FindAll("#space-tiles > li").Select(li => li.Id!["tile-".Length..])];

    private Task AddSubscriptionAsync(User user, Structure structure, int spaceId, SubscriptionStatus status, Guid? serviceUnitId = null) =>
        host.WithDbAsync(async db =>
        {
            db.Subscriptions.Add(new Subscription
            {
                UserId = user.Id,
                StructureId = structure.Id,
                ServiceUnitId = serviceUnitId,
                SpaceId = spaceId,
                Status = status,
                RequestedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        });
}

[Collection(SqliteCollection.Name)]
public sealed class HomeTilesTestsOnSqlite(SqlitePortalFixture fixture) : HomeTilesTests(fixture.Host);

[Collection(PostgreSqlCollection.Name)]
public sealed class HomeTilesTestsOnPostgreSql(PostgreSqlPortalFixture fixture) : HomeTilesTests(fixture.Host);

/// <summary>A deployment's own `Spaces:Urls`, without the demo: the tiles lead there, and the demo page does not exist.</summary>
public sealed class HomeTilesSettingsTests : IAsyncLifetime
{
    private const string InvoicesSentUrl = "https://factures.example.test/emises?depuis=portail";
    private PortalHost _host = default!;

    public Task InitializeAsync()
    {
        _host = PortalHost.Start(TestDatabase.Sqlite(), new Dictionary<string, string?>
        {
            ["Database:LoadDemoData"] = "false",
            ["Spaces:Urls:FACTURES_EMISES"] = InvoicesSentUrl,
            ["Spaces:Urls:FACTURES_RECUES"] = "",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_tiles_lead_to_the_configured_addresses_a_space_without_one_has_no_link_and_the_demo_page_is_not_there()
    {
        var user = await _host.CreateUserAsync();
        await _host.AttachAsync(user, await _host.CreateStructureAsync());
        using var agent = _host.NewAgent();
        await agent.SignInAsync(user.Login);

        var home = await agent.GetAsync("/");
        Assert.Equal(InvoicesSentUrl, home.Single("#tile-FACTURES_EMISES a").GetAttribute("href"));
        Assert.False(home.Has("#tile-FACTURES_RECUES a"));
        Assert.Equal("Son adresse n'est pas encore configurée sur ce portail.", home.Single("#tile-FACTURES_RECUES .fr-tile__detail").TextContent.Trim());

        using var response = await agent.NoRedirect.GetAsync("/demo/espace/FACTURES_EMISES");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(PortalRoute.All(_host), r => r.Template.StartsWith("/demo", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("FACTURES_EMISES", "javascript:alert(1)")]
    [InlineData("FACTURES_EMISES", "ftp://factures.example.test/")]
    [InlineData("FACTURES_EMISES", "//factures.example.test/")]
    [InlineData("FACTURES_EMISES", "factures.example.test")]
    [InlineData("INCONNU", "https://factures.example.test/")]
    [InlineData("MON_COMPTE", "https://factures.example.test/")]
    public void A_wrong_address_or_code_is_refused_naming_the_setting(string code, string url)
    {
        var result = new SpacesOptionsValidator().Validate(null, new SpacesOptions { Urls = new() { [code] = url } });
        Assert.True(result.Failed);
        Assert.Contains($"Spaces:Urls:{code}", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://factures.example.test/emises")]
    [InlineData("http://localhost:5000/demo/espace/FACTURES_EMISES")]
    [InlineData("/demo/espace/FACTURES_EMISES")]
    [InlineData("")]
    public void A_usable_address_is_accepted(string url) =>
        Assert.True(new SpacesOptionsValidator().Validate(null, new SpacesOptions { Urls = new() { ["FACTURES_EMISES"] = url } }).Succeeded);
}
