using System.Text.RegularExpressions;
using ChorusAccount.Browser.Tests.Support;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Structures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ChorusAccount.Browser.Tests;

/// <summary>
/// The home page's tiles lead to the spaces (in the demo, a page naming the module that would open), and a manager sees
/// how many requests wait for it; in French and in English, axe-checked.
/// </summary>
public sealed class HomeTilesScenarioTests(ITestOutputHelper output) : PortalBrowserTest(output)
{
    [Fact]
    public async Task A_user_clicks_the_Factures_emises_tile_and_lands_on_the_demo_page_of_the_module()
    {
        await using var browser = await BrowserSession.StartAsync(Output, nameof(A_user_clicks_the_Factures_emises_tile_and_lands_on_the_demo_page_of_the_module));
        var page = browser.Page;
        var user = await Host.CreateUserAsync();
        var structure = await Host.CreateStructureAsync(companyName: "MAIRIE DES TUILES");
        await Host.AttachAsync(user, structure, MembershipRole.Member, status: MembershipStatus.Active);
        await Host.AttachAsync(user, await Host.CreateStructureAsync(companyName: "SYNDICAT EN ATTENTE"), MembershipRole.Member, status: MembershipStatus.Pending);

        await SignInAgainAsync(page, user.Login);
        await Assertions.Expect(page.Locator("#space-tiles > li")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#own-pending-memberships")).ToHaveTextAsync("Mes demandes de rattachement : 1");
        await browser.CheckPageAsync("home");

        await page.Locator("#tile-FACTURES_EMISES").GetByRole(AriaRole.Link, new() { Name = "Factures émises" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/demo/espace/FACTURES_EMISES$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Module « Factures émises »");
        await Assertions.Expect(page.Locator("#demo-module")).ToContainTextAsync("Le module Factures émises de Chorus Pro s'ouvrirait ici.");
        await browser.CheckPageAsync("demo-module");

        Assert.True(browser.Violations.Count == 0, "Accessibility violations:\n" + string.Join("\n", browser.Violations));
    }

    [Fact]
    public async Task An_English_speaking_manager_sees_the_requests_waiting_for_it_and_opens_them_and_a_module()
    {
        await using var browser = await BrowserSession.StartAsync(Output, nameof(An_English_speaking_manager_sees_the_requests_waiting_for_it_and_opens_them_and_a_module));
        var page = browser.Page;
        var manager = await Host.CreateUserAsync();
        await Host.WithDbAsync(async db => await db.Users.Where(u => u.Id == manager.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.Language, UserLanguage.English)));
        var structure = await Host.CreateStructureAsync(companyName: "MAIRIE DES GESTIONNAIRES");
        await Host.AttachAsync(manager, structure, MembershipRole.PrimaryManager, status: MembershipStatus.Active);
        foreach (var _ in Enumerable.Range(0, 2))
        {
            await Host.AttachAsync(await Host.CreateUserAsync(), structure, MembershipRole.Member, status: MembershipStatus.Pending);
        }

        await SignInAgainAsync(page, manager.Login);
        await Assertions.Expect(page.Locator("#to-decide-memberships")).ToHaveTextAsync("Attachment requests to approve: 2");
        await Assertions.Expect(page.Locator("#to-decide-subscriptions")).ToHaveTextAsync("Subscription requests to approve: 0");
        await Assertions.Expect(page.Locator("#tile-ACTIVITES_GESTIONNAIRE")).ToBeVisibleAsync();
        await browser.CheckPageAsync("home-manager-english");

        await page.Locator("#to-decide-memberships").ClickAsync();
        await page.WaitForURLAsync(new Regex("/activites-gestionnaire#pending-title$"));
        await Assertions.Expect(page.Locator("tr[id^='request-']")).ToHaveCountAsync(2);

        await page.GotoAsync(new Uri(Host.BaseAddress, "/").ToString());
        await page.Locator("#tile-FACTURES_RECUES").GetByRole(AriaRole.Link, new() { Name = "Invoices received" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/demo/espace/FACTURES_RECUES$"));
        await Assertions.Expect(page.Locator("#demo-module")).ToContainTextAsync("The Chorus Pro Invoices received module would open here.");
        await browser.CheckPageAsync("demo-module-english");

        Assert.True(browser.Violations.Count == 0, "Accessibility violations:\n" + string.Join("\n", browser.Violations));
    }
}
