using System.Text;
using System.Text.RegularExpressions;
using ChorusAccount.Browser.Tests.Support;
using ChorusAccount.Core.Madrhas;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ChorusAccount.Browser.Tests;

/// <summary>
/// An operator tries the agents of an extract they just imported: the PIGP stand-in knows every user of the portal's data,
/// not only the demo identities it was started with.
/// </summary>
public sealed class StandInScenarioTests(ITestOutputHelper output) : PortalBrowserTest(output)
{
    private const string Header =
        "identifiant;civilite;nom;prenom;email;adresse_ligne1;adresse_ligne2;code_postal;ville;pays;statut;"
        + "structure_type_identifiant;structure_identifiant;structure_raison_sociale;role;services;date_debut;date_fin";

    /// <summary>A small extract of its own: a new structure with a manager, an agent, and an agent who left.</summary>
    private static (string Csv, string Manager, string Agent, string Former, string Structure) GeneratedExtract()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var body = "3" + Random.Shared.NextInt64(0, 1_000_000_000_000).ToString("D12");
        var siret = Enumerable.Range(0, 10).Select(d => body + d).First(ChorusAccount.Core.Structures.StructureIdentifier.PassesLuhn);
        var structure = $"SYNDICAT DES EAUX {suffix.ToUpperInvariant()}";
        var (manager, agent, former) = ($"gestion{suffix}", $"agent{suffix}", $"parti{suffix}");
        string Record(string login, string lastName, string firstName, string status, string role) =>
            $"{login};Mme;{lastName};{firstName};{login}@syndicat-eaux.fr;1 rue du Moulin;;45100;Orléans;FR;{status};SIRET;{siret};{structure};{role};;2025-01-01;";
        var csv = new StringBuilder(Header).Append('\n')
            .Append(Record(manager, "LEFEBVRE", "Nadia", "ACTIF", "GESTIONNAIRE_PRINCIPAL")).Append('\n')
            .Append(Record(agent, "MOREAU", "Hugo", "ACTIF", "UTILISATEUR")).Append('\n')
            .Append(Record(former, "PETIT", "Lucie", "INACTIF", "UTILISATEUR")).Append('\n')
            .ToString();
        return (csv, manager, agent, former, structure);
    }

    [Fact]
    public async Task An_agent_of_a_generated_extract_signs_in_at_the_stand_in_and_one_who_left_is_refused()
    {
        var extract = GeneratedExtract();
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            var report = await scope.ServiceProvider.GetRequiredService<MadrhasImporter>().ImportAsync(
                new MemoryStream(Encoding.UTF8.GetBytes(extract.Csv)), "extrait-essai.csv", new MadrhasImportOptions(), null, CancellationToken.None);
            Assert.False(report.FileRejected);
            Assert.Equal(3, report.UsersCreated);
        }

        await using var browser = await BrowserSession.StartAsync(Output, nameof(An_agent_of_a_generated_extract_signs_in_at_the_stand_in_and_one_who_left_is_refused));
        var page = browser.Page;

        await SignInForTheFirstTimeAsync(browser, page, extract.Agent);
        await Assertions.Expect(page.Locator("#banner-user")).ToContainTextAsync("Hugo MOREAU");
        await page.Locator("#banner-user").ClickAsync();
        await page.WaitForURLAsync(new Regex("/mon-compte$"));
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(extract.Structure);
        await browser.CheckPageAsync("imported-agent-account");

        // The agent who left is known to the stand-in too: the portal refuses it with its own page.
        var former = await browser.OpenAnotherAgentAsync();
        await former.GotoAsync(Host.PigpAddress.ToString());
        await former.GetByText("Demat. des factures").ClickAsync();
        await former.GetByLabel("Identifiant").FillAsync(extract.Former);
        await former.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await former.WaitForURLAsync(new Regex("/acces-refuse"));
        await Assertions.Expect(former.Locator("main")).ToContainTextAsync("Votre compte est désactivé");
        await browser.CheckPageAsync("imported-agent-inactive", former);

        // A login nobody knows stays on the stand-in with its message.
        var stranger = await browser.OpenAnotherAgentAsync();
        await stranger.GotoAsync(Host.PigpAddress.ToString());
        await stranger.GetByText("Demat. des factures").ClickAsync();
        await stranger.GetByLabel("Identifiant").FillAsync("personne-" + extract.Agent);
        await stranger.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Assertions.Expect(stranger.GetByText("Identifiant inconnu")).ToBeVisibleAsync();
        await browser.CheckPageAsync("stand-in-unknown-login", stranger);

        Assert.True(browser.Violations.Count == 0, "Accessibility violations:\n" + string.Join("\n", browser.Violations));
    }
}
