using System.Text.RegularExpressions;
using ChorusAccount.Browser.Tests.Support;
using ChorusAccount.Web.Authentication;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ChorusAccount.Browser.Tests;

/// <summary>
/// An expired session in a real browser: Pauline DUFOUR's session cookie is gone while « Mon compte » is open; she
/// changes her city and clicks « Valider »; the PIGP (whose own session is still open) signs her in again and she is
/// back on « Mon compte » with « Votre session avait expiré : vos modifications n'ont pas été enregistrées », nothing
/// saved. Then, with two tabs, saving the profile in one does not make the other's form answer 400.
/// </summary>
public sealed class ExpiredSessionScenarioTests(ITestOutputHelper output) : PortalBrowserTest(output)
{
    [Fact]
    public async Task Pauline_DUFOUR_posts_a_form_after_her_session_expired_and_is_back_on_it_with_the_message()
    {
        await using var browser = await BrowserSession.StartAsync(Output, nameof(Pauline_DUFOUR_posts_a_form_after_her_session_expired_and_is_back_on_it_with_the_message));
        var page = browser.Page;
        await SignInForTheFirstTimeAsync(browser, page, "pdufour");
        await page.GotoAsync(new Uri(Host.BaseAddress, "mon-compte").ToString());
        var city = await page.Locator("#Form_City").InputValueAsync();

        // The session cookie goes, as it does when it expires; the PIGP's session stays.
        var kept = (await page.Context.CookiesAsync()).Where(c => !c.Name.StartsWith(AuthenticationSetup.SessionCookieName, StringComparison.Ordinal)).ToList();
        await page.Context.ClearCookiesAsync();
        await page.Context.AddCookiesAsync(kept.Select(c => new Cookie
        {
            Name = c.Name,
            Value = c.Value,
            Domain = c.Domain,
            Path = c.Path,
            Expires = c.Expires,
            HttpOnly = c.HttpOnly,
            Secure = c.Secure,
            SameSite = c.SameSite,
        }));
        await page.Locator("#Form_City").FillAsync("Tours");
        await page.Locator("#save-profile").ClickAsync();

        await page.WaitForURLAsync(new Regex("/mon-compte$"));
        await Assertions.Expect(page.Locator("main .fr-alert--warning")).ToHaveTextAsync("Votre session avait expiré : vos modifications n'ont pas été enregistrées.");
        await Assertions.Expect(page.Locator("#Form_City")).ToHaveValueAsync(city);
        await browser.CheckPageAsync("expired-session-post", page);

        // Two tabs: the profile saved in the second, the first's form (loaded before) still passes antiforgery.
        var second = await page.Context.NewPageAsync();
        await second.GotoAsync(new Uri(Host.BaseAddress, "mon-compte").ToString());
        await second.Locator("#Form_City").FillAsync("Blois");
        await second.Locator("#save-profile").ClickAsync();
        await Assertions.Expect(second.GetByRole(AriaRole.Status)).ToContainTextAsync("Vos modifications ont été enregistrées");

        await page.Locator("#Form_City").FillAsync("Tours");
        var answer = await page.RunAndWaitForResponseAsync(() => page.Locator("#save-profile").ClickAsync(), r => r.Request.Method == "POST");
        Assert.NotEqual(400, answer.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Mon compte");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Votre compte a été modifié entre-temps");
        await browser.CheckPageAsync("profile-saved-in-another-tab", page);

        Assert.True(browser.Violations.Count == 0, "Accessibility or CSP violations:\n" + string.Join("\n", browser.Violations));
    }
}
