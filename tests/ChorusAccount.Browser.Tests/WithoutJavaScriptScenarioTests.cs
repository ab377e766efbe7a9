using System.Text.RegularExpressions;
using ChorusAccount.Browser.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ChorusAccount.Browser.Tests;

/// <summary>
/// A browser that runs no JavaScript: the windows of « Mon compte » are pages. Pauline DUFOUR adds a pièce jointe through
/// the « Ajouter une pièce jointe » page (a refusal shown there), deletes her CCAS rattachement and then the pièce jointe
/// through their confirmation pages.
/// </summary>
public sealed class WithoutJavaScriptScenarioTests(ITestOutputHelper output) : PortalBrowserTest(output)
{
    private const string Ccas = "CENTRE COMMUNAL D'ACTION SOCIALE D'EXEMPLE";

    [Fact]
    public async Task Adding_a_piece_jointe_and_deleting_a_rattachement_work_through_the_pages()
    {
        await using var browser = await BrowserSession.StartAsync(Output, nameof(Adding_a_piece_jointe_and_deleting_a_rattachement_work_through_the_pages));
        var page = await browser.OpenAgentWithoutJavaScriptAsync();
        await SignInForTheFirstTimeAsync(browser, page, "pdufour");
        await page.GotoAsync(new Uri(Host.BaseAddress, "/mon-compte").ToString());

        // « Ajouter une pièce jointe » stays a link (portal.js would have made it the window's button) to the form as a
        // page; a refusal comes back on that page.
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Ajouter une pièce jointe" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Ajouter une pièce jointe" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/mon-compte/pieces-jointes/ajouter$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Ajouter une pièce jointe");
        await browser.CheckPageAsync("add-page", page);
        var pdf = new FilePayload { Name = "presentation-mairie.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4\n%%EOF\n"u8.ToArray() };
        await page.GetByLabel("Parcourir").SetInputFilesAsync(pdf);
        await page.GetByLabel("Type de pièce jointe").SelectOptionAsync(new SelectOptionValue { Label = "Présentation / brochure" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Ajouter une pièce jointe");
        await Assertions.Expect(page.Locator("#Upload_Designation-error")).ToBeVisibleAsync();
        await browser.CheckPageAsync("add-page-refused", page);
        await page.GetByLabel("Parcourir").SetInputFilesAsync(pdf);
        await page.GetByLabel("Désignation").FillAsync("Présentation de la mairie");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/mon-compte#documents-title$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("La pièce jointe a été ajoutée.");
        await Assertions.Expect(page.Locator("#documents tbody tr")).ToContainTextAsync("Présentation de la mairie");

        // « Supprimer rattachements »: the confirmation page, its box, « OK ».
        var ccas = page.Locator("#memberships tbody tr").Filter(new() { HasText = Ccas });
        await Assertions.Expect(ccas).ToHaveCountAsync(1);
        await page.GetByLabel($"Sélectionner le rattachement à {Ccas}").CheckAsync(new() { Force = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Supprimer rattachements" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/supprimer\\?"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Supprimer des rattachements");
        await browser.CheckPageAsync("delete-memberships-page", page);
        await page.GetByLabel("Je confirme").CheckAsync(new() { Force = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/mon-compte#memberships-title$"));
        await Assertions.Expect(ccas).ToHaveCountAsync(0);

        // « Supprimer » on the pièce jointe's row: its confirmation page.
        await page.Locator("#documents tbody tr").GetByRole(AriaRole.Link, new() { Name = "Supprimer" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Supprimer des pièces jointes");
        await page.GetByLabel("Je confirme").CheckAsync(new() { Force = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("La pièce jointe a été supprimée.");
        await Assertions.Expect(page.Locator("#documents")).ToHaveCountAsync(0);

        Assert.True(browser.Violations.Count == 0, "Accessibility violations:\n" + string.Join("\n", browser.Violations));
    }
}
