using System.Text.RegularExpressions;
using ChorusAccount.Browser.Tests.Support;
using ChorusAccount.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ChorusAccount.Browser.Tests;

/// <summary>The guide's scenario in a real browser: Madame Pauline DUFOUR comes from the PIGP for the first time,
/// completes her account, then manages her personal information and parameters.</summary>
public sealed class GuideScenarioTests(ITestOutputHelper output) : PortalBrowserTest(output)
{
    [Fact]
    public async Task Pauline_DUFOUR_signs_in_from_the_PIGP_completes_and_manages_her_account()
    {
        await using var browser = await BrowserSession.StartAsync(Output, nameof(Pauline_DUFOUR_signs_in_from_the_PIGP_completes_and_manages_her_account));
        var page = browser.Page;

        // 1. PIGP home → « Demat. des factures » → PIGP sign-in.
        Output.WriteLine($"Portal at {Host.BaseAddress}, PIGP at {Host.PigpAddress}");
        await page.GotoAsync(Host.PigpAddress.ToString());
        await browser.CheckPageAsync("pigp-home");
        await page.GetByText("Demat. des factures").ClickAsync();
        await page.WaitForURLAsync(new Regex("/connexion"));
        await browser.CheckPageAsync("pigp-sign-in");
        await page.GetByLabel("Identifiant").FillAsync("pdufour");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();

        // 2. First sign-in: the account initialised from MADRHAS must be checked and validated.
        await page.WaitForURLAsync(new Regex("/mon-compte/completer$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Compléter les informations de votre compte");
        await Assertions.Expect(page.Locator("#Form_LastName")).ToHaveValueAsync("DUFOUR");
        await Assertions.Expect(page.Locator("#Form_ContactEmail")).ToHaveValueAsync("pauline.dufour@mairie-exemple.fr");
        await browser.CheckPageAsync("completion");
        await page.Locator("#Form_LastName").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Valider" }).ClickAsync();
        await Assertions.Expect(page.Locator("#error-summary")).ToContainTextAsync("Saisissez votre nom.");
        await browser.CheckPageAsync("completion-errors");
        await page.Locator("#Form_LastName").FillAsync("DUFOUR");
        await page.GetByRole(AriaRole.Button, new() { Name = "Valider" }).ClickAsync();

        // 3. Home screen, « Pauline DUFOUR » in the banner.
        await page.WaitForURLAsync(new Regex("/$"));
        var banner = page.Locator("#banner-user");
        await Assertions.Expect(banner).ToHaveTextAsync("Pauline DUFOUR");
        await browser.CheckPageAsync("home");

        // 4. « Mon compte » from the banner.
        await banner.ClickAsync();
        await page.WaitForURLAsync(new Regex("/mon-compte$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mes rattachements aux structures" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#memberships")).ToContainTextAsync("COMMUNE D'EXEMPLE");
        await browser.CheckPageAsync("account");

        // 5. « Annuler » discards.
        await page.Locator("#Form_City").FillAsync("Paris");
        await page.GetByRole(AriaRole.Link, new() { Name = "Annuler" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Form_City")).ToHaveValueAsync("Orléans");
        Assert.Equal("Orléans", (await Host.FindUserAsync("pdufour")).Address.City);

        // 6. Untick, then tick again, « Recevoir des notifications »: « Valider » saves each time.
        var notifications = page.GetByLabel("Recevoir des notifications");
        await Assertions.Expect(notifications).ToBeCheckedAsync();
        await notifications.UncheckAsync(new() { Force = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Valider" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Vos modifications ont été enregistrées.");
        await Assertions.Expect(page.GetByLabel("Recevoir des notifications")).Not.ToBeCheckedAsync();
        Assert.False((await Host.FindUserAsync("pdufour")).ReceiveNotifications);
        await browser.CheckPageAsync("account-saved");
        await page.GetByLabel("Recevoir des notifications").CheckAsync(new() { Force = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Valider" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Recevoir des notifications")).ToBeCheckedAsync();
        Assert.True((await Host.FindUserAsync("pdufour")).ReceiveNotifications);

        // 7. English: the whole interface follows.
        await page.GetByLabel("English").CheckAsync(new() { Force = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Valider" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("My account");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Validate" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your changes have been saved.");
        Assert.Equal(UserLanguage.English, (await Host.FindUserAsync("pdufour")).Language);
        await browser.CheckPageAsync("account-english");

        // 7b. In English too, « Attach to the whole structure » or services of the list: ticking one side unticks the other.
        // A department and a word of the company name find the CCAS.
        await page.GotoAsync(new Uri(Host.BaseAddress, "mon-compte/rattachements/demande").ToString());
        await page.GetByLabel("Postal code").FillAsync("45");
        await page.GetByLabel("Company name").FillAsync("action sociale");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(page.Locator("#structures tbody tr").Filter(new() { HasText = "26450123000017" })).ToHaveCountAsync(1);
        await browser.CheckPageAsync("search-department-english");
        var ccas = await Host.WithDbAsync(db => db.Structures.Where(s => s.Identifier == "26450123000017").Select(s => s.Id).SingleAsync());
        await page.GotoAsync(new Uri(Host.BaseAddress, $"mon-compte/rattachements/nouvelle?structureId={ccas}").ToString());
        await TickingOneSideUnticksTheOtherAsync(page.GetByLabel("Attach to the whole structure", new() { Exact = true }), page.GetByLabel("Aides sociales"));
        await browser.CheckPageAsync("request-form-english");
        await page.GotoAsync(new Uri(Host.BaseAddress, "mon-compte").ToString());

        // 7c. « Aide » of the attachments block: the help page in English, at its section; the add window in English.
        await page.Locator("section[aria-labelledby='memberships-title']").GetByRole(AriaRole.Link, new() { Name = "Help" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/aide#rattachements$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Managing your attachments to structures" })).ToBeInViewportAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Processing an invoice" })).ToHaveAttributeAsync("target", "_blank");
        await browser.CheckPageAsync("help-english");
        await page.GotoAsync(new Uri(Host.BaseAddress, "mon-compte").ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Add an attachment" }).ClickAsync();
        var addWindow = page.GetByRole(AriaRole.Dialog, new() { Name = "Add an attachment" });
        await ExpectWindowOpenAsync(addWindow);
        await Assertions.Expect(addWindow.GetByText("Browse", new() { Exact = true })).ToBeVisibleAsync();
        await browser.CheckPageAsync("add-window-english");
        await addWindow.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Assertions.Expect(addWindow).Not.ToBeVisibleAsync();

        // 7d. A deletion's confirmation window in English, closed with « Cancel »: nothing deleted.
        var memberships = page.Locator("#memberships tbody tr");
        var count = await memberships.CountAsync();
        await memberships.First.GetByRole(AriaRole.Link, new() { Name = "Delete" }).ClickAsync();
        var confirmation = page.GetByRole(AriaRole.Dialog, new() { Name = "Delete attachments" });
        await ExpectWindowOpenAsync(confirmation);
        await Assertions.Expect(confirmation.GetByRole(AriaRole.Button, new() { Name = "OK" })).ToBeVisibleAsync();
        await browser.CheckPageAsync("delete-window-english");
        await confirmation.GetByRole(AriaRole.Link, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(confirmation).Not.ToBeVisibleAsync();
        await Assertions.Expect(memberships).ToHaveCountAsync(count);

        // 8. The history of changes, then back to French.
        await page.GetByRole(AriaRole.Link, new() { Name = "View the history of changes to my account" }).ClickAsync();
        await Assertions.Expect(page.Locator("#history")).ToContainTextAsync("Receive notifications");
        await browser.CheckPageAsync("history-english");
        await page.GotoAsync(new Uri(Host.BaseAddress, "mon-compte").ToString());
        await page.GetByLabel("Français").CheckAsync(new() { Force = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Validate" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Mon compte");

        // 9. Sign out of the portal and of the PIGP.
        await page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/deconnecte$"));
        await browser.CheckPageAsync("signed-out");

        Assert.True(browser.Violations.Count == 0, "Accessibility violations:\n" + string.Join("\n", browser.Violations));
    }

    [Fact]
    public async Task A_deactivated_agent_coming_from_the_PIGP_is_told_to_contact_the_DGFiP_referent()
    {
        await using var browser = await BrowserSession.StartAsync(Output, nameof(A_deactivated_agent_coming_from_the_PIGP_is_told_to_contact_the_DGFiP_referent));
        var page = browser.Page;

        await page.GotoAsync(Host.PigpAddress.ToString());
        await page.GetByText("Demat. des factures").ClickAsync();
        await page.GetByLabel("Identifiant").FillAsync("bleroy");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();

        await page.WaitForURLAsync(new Regex("/acces-refuse"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync("Votre compte est désactivé");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("référent DGFiP");
        await Assertions.Expect(page.Locator("#banner-user")).ToHaveCountAsync(0);
        await browser.CheckPageAsync("refused");

        Assert.True(browser.Violations.Count == 0, "Accessibility violations:\n" + string.Join("\n", browser.Violations));
    }
}
