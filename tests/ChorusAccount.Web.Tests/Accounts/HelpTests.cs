using ChorusAccount.Core.Accounts;
using ChorusAccount.Web.Tests.Infrastructure;
using ChorusAccount.Web.Tests.Security;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Web.Tests.Accounts;

/// <summary>« Aide » where the user stands: each block of « Mon compte » leads to its section of the help page, written
/// from the guide's sections 3 to 7, and the guides of « Pour aller plus loin » are linked at the addresses of the settings.</summary>
public abstract class HelpTests(PortalHost host)
{
    [Fact]
    public async Task Each_block_of_Mon_compte_has_an_Aide_link_to_its_own_section_of_the_help_page()
    {
        var user = await host.CreateUserAsync();
        using var agent = host.NewAgent();
        await agent.SignInAsync(user.Login);

        var account = await agent.GetAsync("/mon-compte");
        var help = await agent.GetAsync("/aide");

        var blocks = new (string Block, string Section, string Heading)[]
        {
            ("personal-title", "informations-personnelles", "Modifier ses informations personnelles"),
            ("memberships-title", "rattachements", "Gérer ses rattachements aux structures"),
            ("subscriptions-title", "abonnements", "Consulter ses abonnements aux espaces"),
            ("documents-title", "pieces-jointes", "Gérer ses pièces jointes"),
        };
        foreach (var (block, section, heading) in blocks)
        {
            // In the block, under its heading.
            var link = account.Single($"section[aria-labelledby='{block}'] a#help-{section}");
            Assert.Equal($"/aide#{section}", link.GetAttribute("href"));
            Assert.Equal($"Aide pour « {account.Single($"#{block}").ShownText()} »", link.ShownText());
            Assert.Equal(heading, help.Single($"section#{section} h2").ShownText());
        }

        Assert.Equal(4, account.FindAll("a[href^='/aide#']").Count);
        Assert.Equal("Accéder à son compte", help.Single("section#acceder-a-son-compte h2").ShownText());
        Assert.Contains("« Parcourir »", help.Single("section#pieces-jointes").TextContent);
        Assert.Contains("« Supprimer rattachements »", help.Single("section#rattachements").TextContent);
    }

    [Fact]
    public async Task The_help_page_is_in_English_for_a_user_who_chose_English()
    {
        var user = await host.CreateUserAsync();
        await host.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Language, UserLanguage.English)));
        using var agent = host.NewAgent();
        await agent.SignInAsync(user.Login);

        var help = await agent.GetAsync("/aide");
        var account = await agent.GetAsync("/mon-compte");

        Assert.Equal("Help: managing your user account", help.Single("main h1").ShownText());
        Assert.Equal("Managing your attachments (files)", help.Single("section#pieces-jointes h2").ShownText());
        Assert.Equal("Help for “My attachments to structures”", account.Single("a#help-rattachements").ShownText());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class HelpTestsOnSqlite(SqlitePortalFixture fixture) : HelpTests(fixture.Host);

[Collection(PostgreSqlCollection.Name)]
public sealed class HelpTestsOnPostgreSql(PostgreSqlPortalFixture fixture) : HelpTests(fixture.Host);

/// <summary>The `Help` settings: the guides' addresses a deployment gives are the ones linked; one that is not an address
/// stops the portal, naming it.</summary>
public sealed class HelpSettingsTests
{
    [Fact]
    public async Task The_guides_are_linked_at_the_addresses_of_the_settings_from_the_help_page_and_the_notifications()
    {
        await using var host = PortalHost.Start(TestDatabase.Sqlite(), new Dictionary<string, string?>
        {
            ["Help:FollowAnInvoiceGuide"] = "https://guides.test.example/suivre-une-facture",
            ["Help:ProcessAnInvoiceGuide"] = "https://guides.test.example/traiter-une-facture",
            ["Help:ManageAStructureCardGuide"] = "https://guides.test.example/fiche-structure",
            ["Help:SubmitARequestGuide"] = "https://guides.test.example/sollicitation",
        });
        var user = await host.CreateUserAsync();
        using var agent = host.NewAgent();
        await agent.SignInAsync(user.Login);

        var help = await agent.GetAsync("/aide");
        var account = await agent.GetAsync("/mon-compte");

        Assert.Equal("https://guides.test.example/suivre-une-facture", help.Single("#help-follow-an-invoice").GetAttribute("href"));
        Assert.Equal("https://guides.test.example/suivre-une-facture", help.Single("#guide-follow-an-invoice").GetAttribute("href"));
        Assert.Equal("https://guides.test.example/traiter-une-facture", help.Single("#guide-process-an-invoice").GetAttribute("href"));
        Assert.Equal("https://guides.test.example/fiche-structure", help.Single("#guide-manage-a-structure-card").GetAttribute("href"));
        Assert.Equal("https://guides.test.example/sollicitation", help.Single("#guide-submit-a-request").GetAttribute("href"));
        Assert.Equal("Gérer une fiche structure", help.Single("#guide-manage-a-structure-card").ShownText());
        Assert.Equal("https://guides.test.example/suivre-une-facture", account.Single("#notifications-guide").GetAttribute("href"));
        Assert.Equal("_blank", account.Single("#notifications-guide").GetAttribute("target"));
    }

    [Theory]
    [InlineData("Help:ProcessAnInvoiceGuide", "pas une adresse", "ProcessAnInvoiceGuide")]
    [InlineData("Help:FollowAnInvoiceGuide", "", "FollowAnInvoiceGuide")]
    public async Task A_guide_address_that_is_not_one_stops_the_portal_naming_the_setting(string key, string value, string named)
    {
        var failure = await SecurityHosts.StartFailureAsync(db => PortalHost.Start(db, new Dictionary<string, string?> { [key] = value }));

        Assert.NotNull(failure);
        Assert.Contains(named, failure.ToString(), StringComparison.Ordinal);
    }
}
