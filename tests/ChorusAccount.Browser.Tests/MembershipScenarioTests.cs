using System.Text.RegularExpressions;
using ChorusAccount.Browser.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ChorusAccount.Browser.Tests;

/// <summary>The guide's section 5 in a real browser: Pauline DUFOUR asks to be attached to two services of the CCAS,
/// its primary manager Élodie FONTAINE approves in her own session, then Pauline hands COMMUNE D'EXEMPLE over to Jean MARTIN.</summary>
public sealed class MembershipScenarioTests(ITestOutputHelper output) : PortalBrowserTest(output)
{
    private const string Ccas = "CENTRE COMMUNAL D'ACTION SOCIALE D'EXEMPLE";
    private const string Commune = "COMMUNE D'EXEMPLE";

    [Fact]
    public async Task Pauline_DUFOUR_requests_an_membership_approved_by_the_manager_then_hands_her_structure_over()
    {
        await using var browser = await BrowserSession.StartAsync(Output, nameof(Pauline_DUFOUR_requests_an_membership_approved_by_the_manager_then_hands_her_structure_over));
        var pauline = browser.Page;
        await SignInForTheFirstTimeAsync(browser, pauline, "pdufour");
        await pauline.Locator("#banner-user").ClickAsync();
        await pauline.WaitForURLAsync(new Regex("/mon-compte$"));
        await browser.CheckPageAsync("account", pauline);

        // 1. « Demander un rattachement »: criteria, « Rechercher », the radio of the CCAS, « Sélectionner ».
        await pauline.Locator("#request-membership").ClickAsync();
        await pauline.WaitForURLAsync(new Regex("/mon-compte/rattachements/demande"));
        await browser.CheckPageAsync("search-form", pauline);
        // A SIREN finds the establishments of its company (here one: the CCAS).
        await pauline.Locator("input[name=Identifier]").FillAsync("264 501 230");
        await pauline.Locator("#search-structures").ClickAsync();
        await Assertions.Expect(pauline.Locator("#structures tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(pauline.Locator("#structures tbody tr")).ToContainTextAsync("26450123000017");
        await browser.CheckPageAsync("search-siren", pauline);
        await pauline.Locator("input[name=Identifier]").FillAsync("");
        await pauline.GetByLabel("Ville").FillAsync("Orleans");
        await pauline.GetByLabel("Raison sociale").FillAsync("action sociale");
        await pauline.Locator("#search-structures").ClickAsync();
        var found = pauline.Locator("#structures tbody tr").Filter(new() { HasText = "26450123000017" });
        await Assertions.Expect(found).ToContainTextAsync(Ccas);
        await Assertions.Expect(found).ToContainTextAsync("Orléans");
        await browser.CheckPageAsync("search-results", pauline);
        await pauline.GetByLabel($"Sélectionner {Ccas}", new() { Exact = true }).CheckAsync(new() { Force = true });
        await pauline.Locator("#select-structure").ClickAsync();

        // 2. « Nature du rattachement »: two services, « Valider ».
        await Assertions.Expect(pauline.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Nature du rattachement");
        await Assertions.Expect(pauline.Locator("#requested-structure")).ToContainTextAsync(Ccas);
        await browser.CheckPageAsync("request-form", pauline);
        // « Rattacher à la structure » or services of the list: ticking one side unticks the other.
        await TickingOneSideUnticksTheOtherAsync(pauline.GetByLabel("Rattacher à la structure", new() { Exact = true }), pauline.GetByLabel("Aides sociales"));
        await pauline.GetByLabel("Aides sociales").CheckAsync(new() { Force = true });
        await pauline.GetByLabel("Service seniors").CheckAsync(new() { Force = true });
        await pauline.Locator("#send-request").ClickAsync();
        await pauline.WaitForURLAsync(new Regex("/mon-compte"));
        await Assertions.Expect(pauline.GetByRole(AriaRole.Status)).ToContainTextAsync("Votre demande de rattachement a été envoyée aux gestionnaires de la structure.");
        var requested = pauline.Locator("#memberships tbody tr").Filter(new() { HasText = "Service seniors, Aides sociales" });
        await Assertions.Expect(requested).ToContainTextAsync(Ccas);
        await Assertions.Expect(requested).ToContainTextAsync("En attente de validation");
        await browser.CheckPageAsync("request-sent", pauline);

        // 3. The CCAS's primary manager, in a session of her own, approves in « Activités du gestionnaire ».
        var elodie = await browser.OpenAnotherAgentAsync();
        await SignInForTheFirstTimeAsync(browser, elodie, "efontaine");
        await elodie.Locator("#nav-manager").ClickAsync();
        await elodie.WaitForURLAsync(new Regex("/activites-gestionnaire$"));
        var pending = elodie.Locator("#pending-requests tbody tr");
        await Assertions.Expect(pending).ToHaveCountAsync(1);
        await Assertions.Expect(pending).ToContainTextAsync("pdufour");
        await Assertions.Expect(pending).ToContainTextAsync("Service seniors, Aides sociales");
        await browser.CheckPageAsync("manager-pending", elodie);
        await pending.GetByRole(AriaRole.Checkbox).CheckAsync(new() { Force = true });
        await elodie.Locator("#approve-requests").ClickAsync();
        await Assertions.Expect(elodie.GetByRole(AriaRole.Status)).ToContainTextAsync("Les demandes ont été validées ; les demandeurs qui reçoivent les notifications en sont prévenus par courriel.");
        await Assertions.Expect(elodie.Locator("#no-pending")).ToBeVisibleAsync();
        await Assertions.Expect(elodie.Locator("#decision-history tbody tr")).ToContainTextAsync("Validée");
        await browser.CheckPageAsync("manager-approved", elodie);

        await Host.RunOutboxAsync();
        var decisionMail = Directory.GetFiles(Host.MailFolder, "*.eml").Select(File.ReadAllText)
            .Where(m => m.Split('\n').Any(line => line.StartsWith("To:", StringComparison.Ordinal) && line.Contains("pauline.dufour@mairie-exemple.fr", StringComparison.Ordinal)))
            .ToList();
        Assert.Single(decisionMail);

        // 4. Pauline's own session: « Mon compte » reloaded shows the membership active.
        await pauline.ReloadAsync();
        await Assertions.Expect(requested).ToContainTextAsync("Actif");
        await browser.CheckPageAsync("request-approved", pauline);

        // 5. Deleting her COMMUNE D'EXEMPLE membership: as its primary manager she designates Jean MARTIN, ticks, « OK ».
        var commune = pauline.Locator("#memberships tbody tr").Filter(new() { HasText = Commune }).Filter(new() { HasNotText = Ccas });
        await Assertions.Expect(commune).ToContainTextAsync("Gestionnaire principal");
        await pauline.GetByLabel($"Sélectionner le rattachement à {Commune}").CheckAsync(new() { Force = true });
        // « Supprimer rattachements »: the confirmation opens in a window (guide 5, 4/4).
        await pauline.GetByRole(AriaRole.Button, new() { Name = "Supprimer rattachements" }).ClickAsync();
        var confirmation = pauline.GetByRole(AriaRole.Dialog, new() { Name = "Supprimer des rattachements" });
        await ExpectWindowOpenAsync(confirmation);
        await Assertions.Expect(confirmation.Locator("#memberships-to-delete")).ToContainTextAsync("Vous désignez un nouveau gestionnaire principal et restez rattaché en utilisateur simple");
        await browser.CheckPageAsync("delete-window", pauline);
        var successor = confirmation.GetByLabel($"Nouveau gestionnaire principal de {Commune}");
        var jmartin = await successor.Locator("option", new() { HasText = "(jmartin)" }).GetAttributeAsync("value");
        await successor.SelectOptionAsync(jmartin!);
        await confirmation.GetByLabel("Je confirme").CheckAsync(new() { Force = true });
        await confirmation.GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();
        await pauline.WaitForURLAsync(new Regex("/mon-compte"));
        await Assertions.Expect(pauline.GetByRole(AriaRole.Status)).ToContainTextAsync("La qualité de gestionnaire principal a été transférée ; vous restez rattaché en utilisateur simple.");
        await Assertions.Expect(commune).ToContainTextAsync("Utilisateur simple");
        await Assertions.Expect(commune).ToContainTextAsync("Actif");
        await browser.CheckPageAsync("handed-over", pauline);

        Assert.True(browser.Violations.Count == 0, "Accessibility violations:\n" + string.Join("\n", browser.Violations));
    }
}
