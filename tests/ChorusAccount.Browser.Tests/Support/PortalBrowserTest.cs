using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ChorusAccount.Browser.Tests.Support;

/// <summary>A browser scenario against a portal of its own (SQLite, demo data, embedded PIGP).</summary>
public abstract class PortalBrowserTest(ITestOutputHelper output) : IAsyncLifetime
{
    protected PortalHost Host { get; private set; } = default!;

    /// <summary>This scenario's database, kept across <see cref="RestartHostAsync"/>.</summary>
    protected TestDatabase Database { get; private set; } = default!;

    protected ITestOutputHelper Output => output;

    /// <summary>Settings of this scenario's portal, over the test host's.</summary>
    protected virtual IReadOnlyDictionary<string, string?>? HostSettings => null;

    public Task InitializeAsync()
    {
        Database = TestDatabase.Sqlite();
        Host = PortalHost.Start(Database, HostSettings, options: new PortalHostOptions { OwnsDatabase = false });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>Stops the portal and starts a new one on the same database, as a restart does: its start-up tasks run again.</summary>
    protected async Task RestartHostAsync()
    {
        await Host.DisposeAsync();
        Host = PortalHost.Start(Database, HostSettings, options: new PortalHostOptions { OwnsDatabase = false });
    }

    /// <summary>A window (DSFR modal) open, once its opening transition is over (axe measures colours as shown).</summary>
    protected static async Task ExpectWindowOpenAsync(ILocator window)
    {
        await Assertions.Expect(window).ToBeVisibleAsync();
        await Assertions.Expect(window).ToHaveCSSAsync("opacity", "1");
    }

    /// <summary>The DSFR dark theme, as « Paramètres d'affichage » sets it: the page's scheme, which the DSFR's script
    /// follows.</summary>
    protected static async Task UseDarkThemeAsync(IPage page)
    {
        await page.EvaluateAsync("() => document.documentElement.setAttribute('data-fr-scheme', 'dark')");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-fr-theme", "dark");
    }

    /// <summary>Back to the light theme.</summary>
    protected static async Task UseLightThemeAsync(IPage page)
    {
        await page.EvaluateAsync("() => document.documentElement.setAttribute('data-fr-scheme', 'light')");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-fr-theme", "light");
    }

    /// <summary>« Rattacher à la structure » (<paramref name="wholeStructure"/>) or a service of the list: ticking one side
    /// unticks the other, both ways; both are left unticked.</summary>
    protected static async Task TickingOneSideUnticksTheOtherAsync(ILocator wholeStructure, ILocator service)
    {
        await wholeStructure.CheckAsync(new() { Force = true });
        await service.CheckAsync(new() { Force = true });
        await Assertions.Expect(wholeStructure).Not.ToBeCheckedAsync();
        await wholeStructure.CheckAsync(new() { Force = true });
        await Assertions.Expect(service).Not.ToBeCheckedAsync();
        await wholeStructure.UncheckAsync(new() { Force = true });
    }

    /// <summary>From the PIGP « Demat. des factures »; the first sign-in validates the account initialised from MADRHAS.</summary>
    protected async Task SignInForTheFirstTimeAsync(BrowserSession browser, IPage page, string login)
    {
        await SignInAtThePigpAsync(page, login);
        await page.WaitForURLAsync(new Regex("/mon-compte/completer$"));
        await browser.CheckPageAsync($"{login}-completion", page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Valider" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/$"));
        await browser.CheckPageAsync($"{login}-home", page);
    }

    /// <summary>A returning user: the PIGP's « Demat. des factures », the login, and the portal's home page (no completion form).</summary>
    protected async Task SignInAgainAsync(IPage page, string login)
    {
        await SignInAtThePigpAsync(page, login);
        await page.WaitForURLAsync(new Regex("/$"));
    }

    private async Task SignInAtThePigpAsync(IPage page, string login)
    {
        await page.GotoAsync(Host.PigpAddress.ToString());
        await page.GetByText("Demat. des factures").ClickAsync();
        await page.GetByLabel("Identifiant").FillAsync(login);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
    }
}
