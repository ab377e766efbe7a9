using System.Text.RegularExpressions;
using ChorusAccount.Browser.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ChorusAccount.Browser.Tests;

/// <summary>
/// « Mes sessions » in a real browser: Pauline DUFOUR is signed in in two browsers; from the first she ends the other
/// with « Mettre fin à cette session », then, once it has signed in again, with « Mettre fin à toutes les autres
/// sessions »; each time the other's next page goes to the PIGP.
/// </summary>
public sealed class UserSessionsScenarioTests(ITestOutputHelper output) : PortalBrowserTest(output)
{
    [Fact]
    public async Task Pauline_DUFOUR_ends_her_session_in_another_browser_from_My_sessions()
    {
        await using var browser = await BrowserSession.StartAsync(Output, nameof(Pauline_DUFOUR_ends_her_session_in_another_browser_from_My_sessions));
        var pauline = browser.Page;
        await SignInForTheFirstTimeAsync(browser, pauline, "pdufour");
        var other = await browser.OpenAnotherAgentAsync();
        await SignInAgainAsync(other, "pdufour");

        // 1. From « Mon compte », « Mes sessions »: this one marked, the other with its button.
        await pauline.Locator("#banner-user").ClickAsync();
        await pauline.WaitForURLAsync(new Regex("/mon-compte$"));
        await pauline.Locator("#user-sessions-link").ClickAsync();
        await pauline.WaitForURLAsync(new Regex("/mon-compte/sessions$"));
        await Assertions.Expect(pauline.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Mes sessions");
        var rows = pauline.Locator("#user-sessions tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Filter(new() { HasTextRegex = new Regex("Cette session") })).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("Chrome");
        await Assertions.Expect(rows.First).ToContainTextAsync("sur Linux");
        await Assertions.Expect(rows.First).ToContainTextAsync("127.0.0.x");
        await browser.CheckPageAsync("my-sessions", pauline);

        await pauline.GetByRole(AriaRole.Button, new() { Name = "Mettre fin à cette session" }).ClickAsync();
        await Assertions.Expect(pauline.GetByRole(AriaRole.Status)).ToContainTextAsync("La session a pris fin : son navigateur devra se connecter de nouveau.");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(pauline.Locator("#no-other-session")).ToBeVisibleAsync();
        await browser.CheckPageAsync("other-session-ended", pauline);

        // The other browser's next page goes to the PIGP (whose own session, still open, signs it in again).
        await ExpectNextPageThroughThePigpAsync(other);

        // 2. The other browser has a new session: « Mettre fin à toutes les autres sessions ».
        await pauline.ReloadAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await pauline.Locator("#end-other-sessions").ClickAsync();
        await Assertions.Expect(pauline.GetByRole(AriaRole.Status)).ToContainTextAsync("Toutes les autres sessions ont pris fin");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await browser.CheckPageAsync("other-sessions-ended", pauline);
        await ExpectNextPageThroughThePigpAsync(other);

        // Her own session is untouched.
        await pauline.GotoAsync(new Uri(Host.BaseAddress, "mon-compte").ToString());
        await Assertions.Expect(pauline.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Mon compte");

        Assert.True(browser.Violations.Count == 0, "Accessibility or CSP violations:\n" + string.Join("\n", browser.Violations));
    }

    private async Task ExpectNextPageThroughThePigpAsync(IPage page)
    {
        var authorize = new Uri(Host.PigpAddress, "connect/authorize").ToString();
        var toPigp = await page.RunAndWaitForRequestAsync(
            () => page.GotoAsync(new Uri(Host.BaseAddress, "mon-compte").ToString()),
            request => request.Url.StartsWith(authorize, StringComparison.Ordinal));
        Assert.StartsWith(authorize, toPigp.Url, StringComparison.Ordinal);
        await page.WaitForURLAsync(new Regex("/mon-compte$"));
    }
}
