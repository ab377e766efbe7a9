using System.IO.Compression;
using System.Text.RegularExpressions;
using ChorusAccount.Browser.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ChorusAccount.Browser.Tests;

/// <summary>In a real browser: « Télécharger mes données » from « Mon compte », and the « Trop de requêtes » page.</summary>
public sealed class SecurityPagesTests(ITestOutputHelper output) : PortalBrowserTest(output)
{
    protected override IReadOnlyDictionary<string, string?> HostSettings => new Dictionary<string, string?>
    {
        ["RateLimiting:StructureSearch:PermitLimit"] = "2",
    };

    [Fact]
    public async Task Pauline_DUFOUR_downloads_her_data_then_searches_too_fast_and_gets_the_429_page()
    {
        await using var browser = await BrowserSession.StartAsync(Output, nameof(Pauline_DUFOUR_downloads_her_data_then_searches_too_fast_and_gets_the_429_page));
        var page = browser.Page;
        await SignInForTheFirstTimeAsync(browser, page, "pdufour");

        await page.Locator("#banner-user").ClickAsync();
        await page.WaitForURLAsync(new Regex("/mon-compte$"));
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Télécharger mes données" }).ClickAsync());
        Assert.Equal("mes-donnees-chorus-pro.zip", download.SuggestedFilename);
        using (var zip = new ZipArchive(File.OpenRead(await download.PathAsync())))
        {
            using var json = System.Text.Json.JsonDocument.Parse(zip.GetEntry("mes-donnees.json")!.Open());
            Assert.Equal("pdufour", json.RootElement.GetProperty("profile").GetProperty("login").GetString());
            Assert.Contains(json.RootElement.GetProperty("memberships").EnumerateArray(), m => m.GetProperty("role").GetString() == "PrimaryManager");
        }

        await browser.CheckPageAsync("account-with-export");

        var search = new Uri(Host.BaseAddress, "mon-compte/rattachements/demande?searched=true&City=orleans").ToString();
        await page.GotoAsync(search);
        await page.GotoAsync(search);
        var refused = await page.GotoAsync(search);

        Assert.Equal(429, refused!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Trop de requêtes");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Patientez une minute puis recommencez.");
        await browser.CheckPageAsync("too-many-requests");

        Assert.True(browser.Violations.Count == 0, "Accessibility or CSP violations:\n" + string.Join("\n", browser.Violations));
    }
}
