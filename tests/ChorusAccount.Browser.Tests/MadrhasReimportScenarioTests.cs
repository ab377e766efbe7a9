using System.Diagnostics;
using System.Text.RegularExpressions;
using ChorusAccount.Browser.Tests.Support;
using ChorusAccount.Core.Memberships;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ChorusAccount.Browser.Tests;

/// <summary>
/// Issue 15: what Pauline DUFOUR decides in the portal stands when the same MADRHAS extract comes again, through the
/// command-line verb and the demo's reload at start-up (ADR-015); a record MADRHAS changed is applied and shows.
/// </summary>
public sealed class MadrhasReimportScenarioTests(ITestOutputHelper output) : PortalBrowserTest(output)
{
    private const string Ccas = "CENTRE COMMUNAL D'ACTION SOCIALE D'EXEMPLE";
    private const string Commune = "COMMUNE D'EXEMPLE";
    private static readonly string _demoExtract = Path.Combine(AppContext.BaseDirectory, "DemoData", "madrhas-demo.csv");

    [Fact]
    public async Task Pauline_DUFOUR_deletes_and_hands_over_then_the_same_extract_and_a_restart_keep_her_decisions()
    {
        await using var browser = await BrowserSession.StartAsync(Output, nameof(Pauline_DUFOUR_deletes_and_hands_over_then_the_same_extract_and_a_restart_keep_her_decisions));
        var pauline = browser.Page;
        await SignInForTheFirstTimeAsync(browser, pauline, "pdufour");
        await pauline.Locator("#banner-user").ClickAsync();
        await pauline.WaitForURLAsync(new Regex("/mon-compte$"));

        // 1. She ticks her CCAS membership and COMMUNE D'EXEMPLE, designates Jean MARTIN, confirms.
        await pauline.GetByLabel($"Sélectionner le rattachement à {Ccas}").CheckAsync(new() { Force = true });
        await pauline.GetByLabel($"Sélectionner le rattachement à {Commune}").CheckAsync(new() { Force = true });
        await pauline.Locator("#delete-memberships").ClickAsync();
        var confirmation = pauline.GetByRole(AriaRole.Dialog, new() { Name = "Supprimer des rattachements" });
        await ExpectWindowOpenAsync(confirmation);
        var successor = confirmation.GetByLabel($"Nouveau gestionnaire principal de {Commune}");
        await successor.SelectOptionAsync((await successor.Locator("option", new() { HasText = "(jmartin)" }).GetAttributeAsync("value"))!);
        await pauline.Locator("#Confirm").CheckAsync(new() { Force = true });
        await browser.CheckPageAsync("delete-confirmation", pauline);
        await pauline.Locator("#confirm-delete").ClickAsync();
        await pauline.WaitForURLAsync(new Regex("/mon-compte"));
        await ExpectDecisionsShownAsync(browser, pauline, "decided");
        await ExpectDecisionsStoredAsync();

        // 2. The demo extract again, through the command-line verb, then the demo restarted (it reloads the same extract).
        var (exitCode, verbOutput) = await ImportMadrhasAsync(_demoExtract);
        Assert.True(exitCode == 0, verbOutput);
        Assert.Matches(@"memberships created\s+0\b", verbOutput);
        Assert.Matches(@"memberships updated\s+0\b", verbOutput);
        await RestartHostAsync();
        await ExpectDecisionsStoredAsync();

        var again = await browser.OpenAnotherAgentAsync();
        await SignInAgainAsync(again, "pdufour");
        await again.GotoAsync(new Uri(Host.BaseAddress, "mon-compte").ToString());
        await ExpectDecisionsShownAsync(browser, again, "after-restart");

        // 3. MADRHAS changes her COMMUNE D'EXEMPLE record (two services now): applied, in her history, her role as she left it.
        var changed = Path.Combine(Host.JobsFolder, "madrhas-modifie.csv");
        await File.WriteAllLinesAsync(changed, (await File.ReadAllLinesAsync(_demoExtract)).Select(l =>
            l.StartsWith("pdufour;", StringComparison.Ordinal) && l.Contains($";{Commune};GESTIONNAIRE_PRINCIPAL;;", StringComparison.Ordinal)
                ? l.Replace($";{Commune};GESTIONNAIRE_PRINCIPAL;;", $";{Commune};GESTIONNAIRE_PRINCIPAL;SERV-FIN,SERV-TECH;", StringComparison.Ordinal)
                : l));
        (exitCode, verbOutput) = await ImportMadrhasAsync(changed);
        Assert.True(exitCode == 0, verbOutput);
        Assert.Matches(@"memberships updated\s+1\b", verbOutput);

        await again.ReloadAsync();
        var commune = again.Locator("#memberships tbody tr").Filter(new() { HasText = Commune }).Filter(new() { HasNotText = Ccas });
        await Assertions.Expect(commune).ToContainTextAsync("Utilisateur simple");
        await Assertions.Expect(commune).ToContainTextAsync("Service des finances");
        await Assertions.Expect(commune).Not.ToContainTextAsync("Toute la structure");
        await browser.CheckPageAsync("changed-record", again);
        await again.GotoAsync(new Uri(Host.BaseAddress, "mon-compte/historique").ToString());
        var entry = again.Locator("#history tbody tr").Filter(new() { HasText = "Rattachement modifié par MADRHAS" });
        await Assertions.Expect(entry).ToHaveCountAsync(1);
        await Assertions.Expect(entry).ToContainTextAsync("MADRHAS");
        await Assertions.Expect(entry).ToContainTextAsync("SERV-FIN, SERV-TECH");
        await browser.CheckPageAsync("history", again);

        Assert.True(browser.Violations.Count == 0, "Accessibility violations:\n" + string.Join("\n", browser.Violations));
    }

    private static async Task ExpectDecisionsShownAsync(BrowserSession browser, IPage page, string label)
    {
        var rows = page.Locator("#memberships tbody tr");
        var commune = rows.Filter(new() { HasText = Commune }).Filter(new() { HasNotText = Ccas });
        await Assertions.Expect(commune).ToContainTextAsync("Utilisateur simple");
        await Assertions.Expect(commune).ToContainTextAsync("Actif");
        await Assertions.Expect(rows.Filter(new() { HasText = Ccas }).Filter(new() { HasText = "Actif" })).ToHaveCountAsync(0);
        await browser.CheckPageAsync(label, page);
    }

    private async Task ExpectDecisionsStoredAsync()
    {
        var memberships = await Host.WithDbAsync(db => db.Memberships
            .Where(m => (m.User!.Login == "pdufour" || m.User!.Login == "jmartin") && m.Status == MembershipStatus.Active)
            .Select(m => new { m.User!.Login, m.Structure!.CompanyName, m.Role })
            .ToListAsync());
        Assert.Equal(
            [("jmartin", Commune, MembershipRole.PrimaryManager), ("pdufour", Commune, MembershipRole.Member)],
            memberships.Select(m => (m.Login, m.CompanyName, m.Role)).Order());
    }

    /// <summary>`import-madrhas FILE`, run as an operator does: the portal's own executable, on this scenario's database.</summary>
    private async Task<(int ExitCode, string Output)> ImportMadrhasAsync(string file)
    {
        var (exitCode, output, errors) = await PortalExecutable.RunAsync(PortalExecutable.StartInfo(["import-madrhas", file,
            $"Database:Provider={Database.Provider}", $"ConnectionStrings:Default={Database.ConnectionString}", "Serilog:MinimumLevel:Default=Warning"]));
        Output.WriteLine(output + errors);
        return (exitCode, output + errors);
    }
}
