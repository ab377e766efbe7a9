using System.IO.Compression;
using System.Text.RegularExpressions;
using ChorusAccount.Browser.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ChorusAccount.Browser.Tests;

/// <summary>The guide's section 7 in a real browser: Pauline DUFOUR adds « Présentation de la mairie » to her account,
/// consults it, downloads it, downloads two ticked documents as one ZIP, then deletes one.</summary>
public sealed class DocumentScenarioTests(ITestOutputHelper output) : PortalBrowserTest(output)
{
    private static readonly byte[] _brochure = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();
    private static readonly byte[] _registration = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D];

    [Fact]
    public async Task Pauline_DUFOUR_adds_consults_downloads_zips_and_deletes_her_attachments()
    {
        await using var browser = await BrowserSession.StartAsync(Output, nameof(Pauline_DUFOUR_adds_consults_downloads_zips_and_deletes_her_attachments));
        var page = browser.Page;

        // 1. From the PIGP; the first sign-in asks to validate the account initialised from MADRHAS.
        await SignInForTheFirstTimeAsync(browser, page, "pdufour");
        await page.Locator("#banner-user").ClickAsync();
        await page.WaitForURLAsync(new Regex("/mon-compte$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mes pièces jointes" })).ToBeVisibleAsync();
        await browser.CheckPageAsync("account-documents");

        // 2. « Ajouter une pièce jointe »: « Parcourir », « Désignation », the type, « Ajouter ».
        await AddAsync(page, "presentation-mairie.pdf", "application/pdf", _brochure, "Présentation de la mairie", "Présentation / brochure");
        var rows = page.Locator("#documents tbody tr");
        var brochureRow = rows.Filter(new() { HasText = "Présentation de la mairie" });
        await Assertions.Expect(brochureRow).ToContainTextAsync("presentation-mairie.pdf");
        await Assertions.Expect(brochureRow).ToContainTextAsync("Présentation / brochure");
        await browser.CheckPageAsync("document-added");

        // A refused file gets its message beside « Parcourir ».
        await page.Locator("#Upload_File").SetInputFilesAsync(new FilePayload { Name = "programme.pdf", MimeType = "application/pdf", Buffer = [0x4D, 0x5A, 0x90, 0x00] });
        await page.GetByLabel("Désignation").FillAsync("Pas un PDF");
        await page.GetByLabel("Type de pièce jointe").SelectOptionAsync(new SelectOptionValue { Label = "Autre" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#Upload_File-error")).ToHaveTextAsync("Le contenu du fichier ne correspond pas à son extension.");
        await Assertions.Expect(page.Locator("#error-summary")).ToContainTextAsync("Le contenu du fichier ne correspond pas à son extension.");
        await browser.CheckPageAsync("document-refused");

        // 3. « Consulter »: the PDF is shown inline, sandboxed.
        var consultHref = await brochureRow.GetByRole(AriaRole.Link, new() { Name = "Consulter" }).GetAttributeAsync("href");
        var consulted = await page.Context.APIRequest.GetAsync(new Uri(Host.BaseAddress, consultHref!).ToString());
        Assert.Equal(200, consulted.Status);
        Assert.Equal("application/pdf", consulted.Headers["content-type"]);
        Assert.StartsWith("inline", consulted.Headers["content-disposition"]);
        Assert.StartsWith("sandbox", consulted.Headers["content-security-policy"]);
        Assert.Equal(_brochure, await consulted.BodyAsync());

        // 4. « Télécharger »: the same bytes, under its name.
        var download = await page.RunAndWaitForDownloadAsync(() => brochureRow.GetByRole(AriaRole.Link, new() { Name = "Télécharger" }).ClickAsync());
        Assert.Equal("presentation-mairie.pdf", download.SuggestedFilename);
        Assert.Equal(_brochure, await File.ReadAllBytesAsync((await download.PathAsync())!));

        // 5. A second document, both ticked, « Télécharger la sélection »: one ZIP with both.
        await AddAsync(page, "carte-grise.png", "image/png", _registration, "Carte grise du véhicule de service", "Carte grise");
        await page.GetByLabel("Sélectionner « Présentation de la mairie »").CheckAsync(new() { Force = true });
        await page.GetByLabel("Sélectionner « Carte grise du véhicule de service »").CheckAsync(new() { Force = true });
        var zipDownload = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Télécharger la sélection" }).ClickAsync());
        Assert.Equal("pieces-jointes.zip", zipDownload.SuggestedFilename);
        using (var zip = ZipFile.OpenRead((await zipDownload.PathAsync())!))
        {
            Assert.Equal(["carte-grise.png", "presentation-mairie.pdf"], zip.Entries.Select(e => e.FullName).Order().ToArray());
            using var entry = new MemoryStream();
            await using (var stream = zip.GetEntry("presentation-mairie.pdf")!.Open())
            {
                await stream.CopyToAsync(entry);
            }

            Assert.Equal(_brochure, entry.ToArray());
        }

        // 6. « Supprimer » on one row: a confirmation page, its checkbox, « OK ».
        await rows.Filter(new() { HasText = "Carte grise du véhicule de service" }).GetByRole(AriaRole.Link, new() { Name = "Supprimer" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Supprimer des pièces jointes");
        await Assertions.Expect(page.Locator("#documents-to-delete")).ToContainTextAsync("carte-grise.png");
        await page.GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Confirm-messages")).ToContainTextAsync("Cochez la case pour confirmer la suppression.");
        await browser.CheckPageAsync("delete-confirmation-error");
        await page.GetByLabel("Je confirme la suppression de ces pièces jointes").CheckAsync(new() { Force = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/mon-compte"));
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("La pièce jointe a été supprimée.");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows).ToContainTextAsync("Présentation de la mairie");
        await browser.CheckPageAsync("document-deleted");

        Assert.True(browser.Violations.Count == 0, "Accessibility violations:\n" + string.Join("\n", browser.Violations));
    }

    private static async Task AddAsync(IPage page, string fileName, string mimeType, byte[] content, string designation, string type)
    {
        await page.Locator("#Upload_File").SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = mimeType, Buffer = content });
        await page.GetByLabel("Désignation").FillAsync(designation);
        await page.GetByLabel("Type de pièce jointe").SelectOptionAsync(new SelectOptionValue { Label = type });
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("La pièce jointe a été ajoutée.");
    }
}
