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

        // « Aide » of the block: the help page at the guide's section 7.
        await page.Locator("section[aria-labelledby='documents-title']").GetByRole(AriaRole.Link, new() { Name = "Aide" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/aide#pieces-jointes$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Gérer ses pièces jointes" })).ToBeInViewportAsync();
        await browser.CheckPageAsync("help");
        await page.GoBackAsync();
        await page.WaitForURLAsync(new Regex("/mon-compte$"));

        // 2. « Ajouter une pièce jointe »: « Parcourir », « Désignation », the type, « Ajouter ».
        await AddAsync(page, "presentation-mairie.pdf", "application/pdf", _brochure, "Présentation de la mairie", "Présentation / brochure");
        var rows = page.Locator("#documents tbody tr");
        var brochureRow = rows.Filter(new() { HasText = "Présentation de la mairie" });
        await Assertions.Expect(brochureRow).ToContainTextAsync("presentation-mairie.pdf");
        await Assertions.Expect(brochureRow).ToContainTextAsync("Présentation / brochure");
        await browser.CheckPageAsync("document-added");

        // A refused file: the window opens again, the message beside « Parcourir »; also in the dark theme.
        var window = await OpenAddWindowAsync(page, "programme.pdf", "application/pdf", [0x4D, 0x5A, 0x90, 0x00]);
        await window.GetByLabel("Désignation").FillAsync("Pas un PDF");
        await window.GetByLabel("Type de pièce jointe").SelectOptionAsync(new SelectOptionValue { Label = "Autre" });
        await window.GetByRole(AriaRole.Button, new() { Name = "Ajouter", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/mon-compte/pieces-jointes$"));
        await ExpectWindowOpenAsync(window);
        await Assertions.Expect(window.Locator("#Upload_File-error")).ToHaveTextAsync("Le contenu du fichier ne correspond pas à son extension.");
        await Assertions.Expect(window.GetByLabel("Désignation")).ToHaveValueAsync("Pas un PDF");
        await browser.CheckPageAsync("document-refused-window");
        await UseDarkThemeAsync(page);
        await browser.CheckPageAsync("document-refused-window-dark");
        await UseLightThemeAsync(page);
        await window.GetByRole(AriaRole.Button, new() { Name = "Fermer" }).ClickAsync();
        await Assertions.Expect(window).Not.ToBeVisibleAsync();

        // The same form as a page, where the button leads without JavaScript.
        await page.GotoAsync(new Uri(Host.BaseAddress, "/mon-compte/pieces-jointes/ajouter").ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Ajouter une pièce jointe");
        await browser.CheckPageAsync("add-page");
        await page.GotoAsync(new Uri(Host.BaseAddress, "/mon-compte").ToString());

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

        // 6. « Supprimer » on one row: a window, « Annuler » closes it; again, then « OK » without the box ticked: the
        // confirmation comes back as a page with its message; ticked, « OK ».
        var carteGrise = rows.Filter(new() { HasText = "Carte grise du véhicule de service" });
        var confirmation = page.GetByRole(AriaRole.Dialog, new() { Name = "Supprimer des pièces jointes" });
        await carteGrise.GetByRole(AriaRole.Link, new() { Name = "Supprimer" }).ClickAsync();
        await ExpectWindowOpenAsync(confirmation);
        await Assertions.Expect(confirmation.Locator("#documents-to-delete")).ToContainTextAsync("carte-grise.png");
        await browser.CheckPageAsync("delete-window");
        await confirmation.GetByRole(AriaRole.Link, new() { Name = "Annuler" }).ClickAsync();
        await Assertions.Expect(confirmation).Not.ToBeVisibleAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await carteGrise.GetByRole(AriaRole.Link, new() { Name = "Supprimer" }).ClickAsync();
        await ExpectWindowOpenAsync(confirmation);
        await Assertions.Expect(confirmation.Locator("#documents-to-delete li")).ToHaveCountAsync(1);
        await UseDarkThemeAsync(page);
        await browser.CheckPageAsync("delete-window-dark");
        await UseLightThemeAsync(page);
        await confirmation.GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/mon-compte/pieces-jointes/supprimer$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Supprimer des pièces jointes");
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
        var window = await OpenAddWindowAsync(page, fileName, mimeType, content);
        await window.GetByLabel("Désignation").FillAsync(designation);
        await window.GetByLabel("Type de pièce jointe").SelectOptionAsync(new SelectOptionValue { Label = type });
        await window.GetByRole(AriaRole.Button, new() { Name = "Ajouter", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("La pièce jointe a été ajoutée.");
        await Assertions.Expect(window).Not.ToBeVisibleAsync();
    }

    /// <summary>« Ajouter une pièce jointe » opens its window; « Parcourir » opens the browser's file chooser, which
    /// takes the file.</summary>
    private static async Task<ILocator> OpenAddWindowAsync(IPage page, string fileName, string mimeType, byte[] content)
    {
        var window = page.GetByRole(AriaRole.Dialog, new() { Name = "Ajouter une pièce jointe" });
        await Assertions.Expect(window).Not.ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter une pièce jointe" }).ClickAsync();
        await ExpectWindowOpenAsync(window);
        var chooser = await page.RunAndWaitForFileChooserAsync(() => window.GetByText("Parcourir", new() { Exact = true }).ClickAsync());
        await chooser.SetFilesAsync(new FilePayload { Name = fileName, MimeType = mimeType, Buffer = content });
        await Assertions.Expect(window.GetByLabel("Parcourir")).ToHaveJSPropertyAsync("value", @"C:\fakepath\" + fileName);
        return window;
    }
}
