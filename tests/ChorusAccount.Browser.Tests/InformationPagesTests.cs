using System.Text.RegularExpressions;
using ChorusAccount.Browser.Tests.Support;
using ChorusAccount.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ChorusAccount.Browser.Tests;

/// <summary>
/// The footer's pages in a real browser, axe-checked: the déclaration d'accessibilité, « Mentions légales »,
/// « Données personnelles », « Gestion des cookies », « Plan du site », reached from the footer by an anonymous visitor
/// in French and by a user who chose English; « Paramètres d'affichage » switches to the dark theme, which this browser
/// remembers, and every footer page is checked again in it.
/// </summary>
public sealed class InformationPagesTests(ITestOutputHelper output) : PortalBrowserTest(output)
{
    /// <summary>The footer link, the page's heading and its screenshot label, in French then in English.</summary>
    private static readonly (string Link, string Heading, string Label)[] _french =
    [
        ("Accessibilité : partiellement conforme", "Déclaration d'accessibilité", "accessibilite"),
        ("Mentions légales", "Mentions légales", "mentions-legales"),
        ("Données personnelles", "Données personnelles", "donnees-personnelles"),
        ("Gestion des cookies", "Gestion des cookies", "gestion-des-cookies"),
        ("Plan du site", "Plan du site", "plan-du-site"),
    ];

    private static readonly (string Link, string Heading, string Label)[] _english =
    [
        ("Accessibility: partially compliant", "Accessibility statement", "accessibility-english"),
        ("Legal notice", "Legal notice", "legal-notice-english"),
        ("Personal data", "Personal data", "personal-data-english"),
        ("Cookie management", "Cookie management", "cookies-english"),
        ("Site map", "Site map", "site-map-english"),
    ];

    [Fact]
    public async Task An_anonymous_visitor_reads_the_footer_pages_then_chooses_the_dark_theme_which_the_browser_remembers()
    {
        await using var browser = await BrowserSession.StartAsync(Output, nameof(An_anonymous_visitor_reads_the_footer_pages_then_chooses_the_dark_theme_which_the_browser_remembers));
        var page = browser.Page;

        // 1. Without signing in, the déclaration d'accessibilité then each footer page, from the footer, in the light theme.
        await page.GotoAsync(new Uri(Host.BaseAddress, "accessibilite").ToString());
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-fr-theme", "light");
        await ReadEachFooterPageAsync(browser, _french, "");

        // 2. « Paramètres d'affichage »: the system theme is chosen; « Thème sombre » darkens the page at once.
        await page.Locator("#footer-display-settings").ClickAsync();
        var modal = page.Locator("#fr-theme-modal");
        await Assertions.Expect(modal).ToBeVisibleAsync();
        await Assertions.Expect(modal.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Paramètres d'affichage");
        await Assertions.Expect(page.GetByLabel("Système")).ToBeCheckedAsync();
        await browser.CheckPageAsync("display-settings");
        await page.GetByLabel("Thème sombre").CheckAsync(new() { Force = true });
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-fr-theme", "dark");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-fr-scheme", "dark");
        await browser.CheckPageAsync("display-settings-dark");
        await modal.Locator(".fr-btn--close").ClickAsync();
        await Assertions.Expect(modal).Not.ToBeVisibleAsync();

        // 3. Remembered by this browser: after a reload, and on every footer page, checked again in the dark theme.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-fr-theme", "dark");
        Assert.Equal("dark", await page.EvaluateAsync<string>("() => localStorage.getItem('scheme')"));
        await ReadEachFooterPageAsync(browser, _french, "-dark");
        await page.Locator("#footer-display-settings").ClickAsync();
        await Assertions.Expect(page.GetByLabel("Thème sombre")).ToBeCheckedAsync();

        // 4. « Système » follows the system's preference; « Thème clair » brings the light theme back.
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.GetByLabel("Système").CheckAsync(new() { Force = true });
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-fr-theme", "dark");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-fr-theme", "light");
        await page.GetByLabel("Thème sombre").CheckAsync(new() { Force = true });
        await page.GetByLabel("Thème clair").CheckAsync(new() { Force = true });
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-fr-theme", "light");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-fr-scheme", "light");

        Assert.True(browser.Violations.Count == 0, "Accessibility or CSP violations:\n" + string.Join("\n", browser.Violations));
    }

    [Fact]
    public async Task Pauline_DUFOUR_who_chose_English_reads_the_footer_pages_in_English_in_the_light_and_the_dark_theme()
    {
        await using var browser = await BrowserSession.StartAsync(Output, nameof(Pauline_DUFOUR_who_chose_English_reads_the_footer_pages_in_English_in_the_light_and_the_dark_theme));
        var page = browser.Page;
        await SignInForTheFirstTimeAsync(browser, page, "pdufour");
        // Her « Langue » parameter: the session reads it again with the account (at once in the tests' portal).
        await Host.WithDbAsync(db => db.Users.Where(u => u.Login == "pdufour").ExecuteUpdateAsync(s => s.SetProperty(u => u.Language, UserLanguage.English)));
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        await ReadEachFooterPageAsync(browser, _english, "");
        // « Télécharger mes données », signed in, from « Personal data ».
        await page.Locator("#footer-personal-data").ClickAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download-my-data").ClickAsync());
        Assert.Equal("my-chorus-pro-data.zip", download.SuggestedFilename);

        await page.Locator("#footer-display-settings").ClickAsync();
        await Assertions.Expect(page.Locator("#fr-theme-modal").GetByRole(AriaRole.Heading)).ToHaveTextAsync("Display settings");
        await page.GetByLabel("Dark theme").CheckAsync(new() { Force = true });
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-fr-theme", "dark");
        await browser.CheckPageAsync("display-settings-english-dark");
        await page.Locator("#fr-theme-modal .fr-btn--close").ClickAsync();
        await ReadEachFooterPageAsync(browser, _english, "-dark");
        // Her own pages follow the theme too.
        await page.Locator("#banner-user").ClickAsync();
        await page.WaitForURLAsync(new Regex("/mon-compte$"));
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-fr-theme", "dark");
        await browser.CheckPageAsync("account-english-dark");

        Assert.True(browser.Violations.Count == 0, "Accessibility or CSP violations:\n" + string.Join("\n", browser.Violations));
    }

    /// <summary>Each footer link in turn, from the footer of the page before: its heading, the link marked as the current
    /// page, axe and a screenshot.</summary>
    private static async Task ReadEachFooterPageAsync(BrowserSession browser, (string Link, string Heading, string Label)[] pages, string suffix)
    {
        var page = browser.Page;
        foreach (var (link, heading, label) in pages)
        {
            var footerLink = page.Locator("footer").GetByRole(AriaRole.Link, new() { Name = link, Exact = true });
            await footerLink.ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);
            await Assertions.Expect(footerLink).ToHaveAttributeAsync("aria-current", "page");
            await browser.CheckPageAsync(label + suffix);
        }
    }
}
