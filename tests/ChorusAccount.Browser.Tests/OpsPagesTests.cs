using System.Text.RegularExpressions;
using ChorusAccount.Browser.Tests.Support;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ChorusAccount.Browser.Tests;

/// <summary>The operators' imports pages in a real browser, checked with axe: the demo extract's run and its detail.</summary>
public sealed class OpsPagesTests(ITestOutputHelper output) : PortalBrowserTest(output)
{
    [Fact]
    public async Task Operator_reads_the_imports_and_the_demo_extract_s_run_without_accessibility_violations()
    {
        var operatorUser = await Host.OperatorAsync();
        await using var browser = await BrowserSession.StartAsync(Output, nameof(Operator_reads_the_imports_and_the_demo_extract_s_run_without_accessibility_violations));
        var page = browser.Page;

        await page.GotoAsync(new Uri(Host.BaseAddress, "ops/imports").ToString());
        await page.GetByLabel("Identifiant").FillAsync(operatorUser.Login);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();

        await page.WaitForURLAsync(new Regex("/ops/imports$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Imports MADRHAS");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Lancer l'import" })).ToBeVisibleAsync();
        await browser.CheckPageAsync("ops-imports");

        await page.GetByRole(AriaRole.Link, new() { Name = "madrhas-demo.csv" }).First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Import de madrhas-demo.csv");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Aucune ligne rejetée.");
        await browser.CheckPageAsync("ops-import-run");

        Assert.True(browser.Violations.Count == 0, "Accessibility violations:\n" + string.Join("\n", browser.Violations));
    }
}
