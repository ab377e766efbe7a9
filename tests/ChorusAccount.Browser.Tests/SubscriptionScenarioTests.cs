using System.Text.RegularExpressions;
using ChorusAccount.Browser.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ChorusAccount.Browser.Tests;

/// <summary>The guide's section 6 in a real browser: Pauline DUFOUR sees her default spaces, asks for « Factures de
/// travaux » in Modification for one service of COMMUNE D'EXEMPLE, its secondary manager Jean MARTIN approves in his own
/// session, she sees it active, then deletes two ticked lines.</summary>
public sealed class SubscriptionScenarioTests(ITestOutputHelper output) : PortalBrowserTest(output)
{
    private const string Commune = "COMMUNE D'EXEMPLE";
    private const string Ccas = "CENTRE COMMUNAL D'ACTION SOCIALE D'EXEMPLE";

    [Fact]
    public async Task Pauline_DUFOUR_requests_a_space_approved_by_the_secondary_manager_then_deletes_two_ticked_lines()
    {
        await using var browser = await BrowserSession.StartAsync(Output, nameof(Pauline_DUFOUR_requests_a_space_approved_by_the_secondary_manager_then_deletes_two_ticked_lines));
        var pauline = browser.Page;
        await SignInForTheFirstTimeAsync(browser, pauline, "pdufour");
        await pauline.Locator("#banner-user").ClickAsync();
        await pauline.WaitForURLAsync(new Regex("/mon-compte$"));

        // 1. Her default spaces: the three of every user on each membership, « Activités du gestionnaire » where she manages.
        var lines = pauline.Locator("#subscriptions tbody tr");
        await Assertions.Expect(lines).ToHaveCountAsync(7);
        var commune = lines.Filter(new() { HasText = Commune });
        await Assertions.Expect(commune).ToHaveCountAsync(4);
        await Assertions.Expect(commune.Filter(new() { HasText = "Activités du gestionnaire" })).ToContainTextAsync("Toute la structure");
        var ccas = lines.Filter(new() { HasText = Ccas });
        await Assertions.Expect(ccas).ToHaveCountAsync(3);
        await Assertions.Expect(ccas.Filter(new() { HasText = "Factures reçues" })).ToContainTextAsync("Accueil du public");
        foreach (var line in await lines.AllAsync())
        {
            await Assertions.Expect(line).ToContainTextAsync("Actif");
        }

        var myAccount = commune.Filter(new() { HasText = "Mon compte" });
        await Assertions.Expect(myAccount.GetByRole(AriaRole.Checkbox)).ToHaveCountAsync(0);
        await Assertions.Expect(myAccount).ToContainTextAsync("Toujours accordé");
        await browser.CheckPageAsync("account-default-spaces", pauline);

        // 2. « Ajouter un abonnement »: structure and service, « Sélectionner », then space and mode, « Valider ».
        await pauline.Locator("#add-subscription").ClickAsync();
        await pauline.WaitForURLAsync(new Regex("/mon-compte/abonnements/nouveau$"));
        await browser.CheckPageAsync("request-pair", pauline);
        await pauline.Locator("#StructureId").SelectOptionAsync(new SelectOptionValue { Label = Commune });
        await pauline.Locator("#ServiceUnitId").SelectOptionAsync(new SelectOptionValue { Label = "Services techniques" });
        await pauline.Locator("#choose-pair").ClickAsync();
        await Assertions.Expect(pauline.Locator("#space-title")).ToHaveTextAsync($"Structure : {Commune} — service : Services techniques");
        await Assertions.Expect(pauline.Locator("#Request_SpaceId").Locator("option", new() { HasText = "Factures émises" })).ToHaveCountAsync(0);
        await browser.CheckPageAsync("request-space", pauline);

        // Nothing chosen: each message beside its field.
        await pauline.Locator("#send-subscription").ClickAsync();
        await Assertions.Expect(pauline.Locator("#Request_SpaceId-messages")).ToHaveTextAsync("Choisissez un espace dans la liste.");
        await Assertions.Expect(pauline.Locator("#Request_Mode-messages")).ToHaveTextAsync("Choisissez le mode : Consultation ou Modification.");
        await Assertions.Expect(pauline.Locator("#error-summary")).ToContainTextAsync("Choisissez un espace dans la liste.");
        await browser.CheckPageAsync("request-errors", pauline);

        await pauline.Locator("#Request_SpaceId").SelectOptionAsync(new SelectOptionValue { Label = "Factures de travaux" });
        await pauline.Locator("#Request_Mode_Modification").CheckAsync(new() { Force = true });
        await pauline.Locator("#send-subscription").ClickAsync();
        await pauline.WaitForURLAsync(new Regex("/mon-compte"));
        await Assertions.Expect(pauline.GetByRole(AriaRole.Status)).ToContainTextAsync("Votre demande d'abonnement a été envoyée aux gestionnaires de la structure.");
        var works = lines.Filter(new() { HasText = "Factures de travaux" });
        await Assertions.Expect(works).ToContainTextAsync("Services techniques");
        await Assertions.Expect(works).ToContainTextAsync("Modification");
        await Assertions.Expect(works).ToContainTextAsync("En attente de validation");
        await browser.CheckPageAsync("request-sent", pauline);

        // 3. The structure's secondary manager, in a session of his own, approves in « Activités du gestionnaire ».
        var jean = await browser.OpenAnotherAgentAsync();
        await SignInForTheFirstTimeAsync(browser, jean, "jmartin");
        await jean.Locator("#nav-manager").ClickAsync();
        await jean.WaitForURLAsync(new Regex("/activites-gestionnaire$"));
        var pending = jean.Locator("#pending-subscriptions tbody tr");
        await Assertions.Expect(pending).ToHaveCountAsync(1);
        await Assertions.Expect(pending).ToContainTextAsync("pdufour");
        await Assertions.Expect(pending).ToContainTextAsync("Factures de travaux");
        await Assertions.Expect(pending).ToContainTextAsync("Services techniques");
        await browser.CheckPageAsync("manager-pending-subscription", jean);
        await pending.GetByRole(AriaRole.Checkbox).CheckAsync(new() { Force = true });
        await jean.Locator("#approve-subscriptions").ClickAsync();
        await Assertions.Expect(jean.GetByRole(AriaRole.Status)).ToContainTextAsync("Les demandes ont été validées ; les demandeurs qui reçoivent les notifications en sont prévenus par courriel.");
        await Assertions.Expect(jean.Locator("#no-pending-subscriptions")).ToBeVisibleAsync();
        var decision = jean.Locator("#decision-history tbody tr").Filter(new() { HasText = "Factures de travaux" });
        await Assertions.Expect(decision).ToContainTextAsync("Validée");
        await Assertions.Expect(decision).ToContainTextAsync("Jean MARTIN");
        await browser.CheckPageAsync("manager-approved-subscription", jean);

        await Host.RunOutboxAsync();
        var mails = Directory.GetFiles(Host.MailFolder, "*.eml").Select(File.ReadAllText)
            .Where(m => m.Split('\n').Any(line => line.StartsWith("To:", StringComparison.Ordinal) && line.Contains("pauline.dufour@mairie-exemple.fr", StringComparison.Ordinal)))
            .ToList();
        Assert.Single(mails);

        // 4. Pauline's own session: « Mon compte » reloaded shows the line active.
        await pauline.ReloadAsync();
        await Assertions.Expect(works).ToContainTextAsync("Actif");
        await browser.CheckPageAsync("subscription-active", pauline);

        // 5. Two ticked lines, « Supprimer abonnements », the confirmation box, « OK ».
        await pauline.GetByLabel($"Sélectionner l'abonnement {Commune} – Services techniques – Factures de travaux").CheckAsync(new() { Force = true });
        await pauline.GetByLabel($"Sélectionner l'abonnement {Ccas} – Accueil du public – Factures reçues").CheckAsync(new() { Force = true });
        // The confirmation opens in a window, also axe-checked in the dark theme.
        await pauline.GetByRole(AriaRole.Button, new() { Name = "Supprimer abonnements" }).ClickAsync();
        var confirmation = pauline.GetByRole(AriaRole.Dialog, new() { Name = "Supprimer des abonnements" });
        await ExpectWindowOpenAsync(confirmation);
        var toDelete = confirmation.Locator("#subscriptions-to-delete tbody tr");
        await Assertions.Expect(toDelete).ToHaveCountAsync(2);
        await Assertions.Expect(toDelete.Filter(new() { HasText = "Factures reçues" })).ToContainTextAsync("vous pourrez l'ajouter de nouveau, sans validation");
        await browser.CheckPageAsync("delete-window", pauline);
        await UseDarkThemeAsync(pauline);
        await browser.CheckPageAsync("delete-window-dark", pauline);
        await UseLightThemeAsync(pauline);
        await confirmation.GetByLabel("Je confirme").CheckAsync(new() { Force = true });
        await confirmation.GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();
        await pauline.WaitForURLAsync(new Regex("/mon-compte"));
        await Assertions.Expect(pauline.GetByRole(AriaRole.Status)).ToContainTextAsync("Les abonnements ont été supprimés.");
        await Assertions.Expect(lines).ToHaveCountAsync(6);
        await Assertions.Expect(works).ToHaveCountAsync(0);
        await Assertions.Expect(ccas.Filter(new() { HasText = "Factures reçues" })).ToHaveCountAsync(0);
        await browser.CheckPageAsync("subscriptions-deleted", pauline);

        Assert.True(browser.Violations.Count == 0, "Accessibility violations:\n" + string.Join("\n", browser.Violations));
    }
}
