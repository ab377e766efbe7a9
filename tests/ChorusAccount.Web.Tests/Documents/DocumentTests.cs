using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Documents;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChorusAccount.Web.Tests.Documents;

/// <summary>« Mes pièces jointes »: the Chorus Pro rules, hostile files, and another user's documents.</summary>
public abstract class DocumentTests(PortalHost host)
{
    private const string TenMegabytes = "Le fichier dépasse la taille maximale de 10 Mo.";

    private async Task<(User User, AgentClient Agent)> SignedInAsync()
    {
        var user = await host.CreateUserAsync();
        var agent = host.NewAgent();
        await agent.SignInAsync(user.Login);
        return (user, agent);
    }

    private Task<List<Document>> DocumentsOfAsync(User user) =>
        host.WithDbAsync(db => db.Documents.AsNoTracking().Where(d => d.UserId == user.Id).OrderBy(d => d.Designation).ToListAsync());

    private async Task<Guid> AddAsync(AgentClient agent, User user, string fileName, byte[] content, string designation)
    {
        var page = await agent.UploadAsync(fileName, content, designation);
        Assert.True(page.Contains("La pièce jointe a été ajoutée."), page.Html);
        return (await DocumentsOfAsync(user)).Single(d => d.Designation == designation).Id;
    }

    [Fact]
    public async Task A_PDF_is_stored_with_its_hash_listed_and_recorded_in_the_history()
    {
        var (user, agent) = await SignedInAsync();
        using var _ = agent;

        var page = await agent.UploadAsync("presentation-mairie.pdf", DocumentUploads.Pdf);

        Assert.Equal("/mon-compte", page.Uri.AbsolutePath);
        Assert.True(page.Contains("La pièce jointe a été ajoutée."));
        Assert.True(page.Contains("Présentation / brochure"));
        Assert.True(page.Contains("presentation-mairie.pdf"));
        var document = Assert.Single(await DocumentsOfAsync(user));
        Assert.Equal(("Présentation de la mairie", "presentation-mairie.pdf", "pdf", "application/pdf", (long)DocumentUploads.Pdf.Length),
            (document.Designation, document.FileName, document.Extension, document.ContentType, document.Size));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(DocumentUploads.Pdf)), document.Sha256);
        var stored = await host.WithDbAsync(db => db.DocumentContents.AsNoTracking().SingleAsync(c => c.DocumentId == document.Id));
        Assert.Equal(DocumentUploads.Pdf, stored.Data);
        var audit = await host.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.UserId == user.Id));
        Assert.Equal((AddDocument.AddedAction, user.Login), (audit.Action, audit.Actor));
        var history = await agent.GetAsync("/mon-compte/historique");
        Assert.True(history.Contains("Ajout d'une pièce jointe"));
        Assert.True(history.Contains("« presentation-mairie.pdf »"));
    }

    [Fact]
    public async Task Consulting_a_PDF_shows_it_inline_sandboxed_and_downloading_gives_the_same_bytes_as_an_attachment()
    {
        var (user, agent) = await SignedInAsync();
        using var _ = agent;
        var id = await AddAsync(agent, user, "présentation.pdf", DocumentUploads.Pdf, "Brochure");

        using var consulted = await agent.NoRedirect.GetAsync($"/mon-compte/pieces-jointes/{id}/consulter");
        using var downloaded = await agent.NoRedirect.GetAsync($"/mon-compte/pieces-jointes/{id}/telecharger");

        Assert.Equal(HttpStatusCode.OK, consulted.StatusCode);
        Assert.Equal("application/pdf", consulted.Content.Headers.ContentType!.MediaType);
        Assert.Equal("inline", consulted.Content.Headers.ContentDisposition!.DispositionType);
        Assert.StartsWith("sandbox; default-src 'none'", consulted.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(DocumentUploads.Pdf, await consulted.Content.ReadAsByteArrayAsync());

        Assert.Equal("attachment", downloaded.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("présentation.pdf", downloaded.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Contains("filename*=UTF-8''pr%C3%A9sentation.pdf", downloaded.Content.Headers.GetValues("Content-Disposition").Single());
        Assert.Equal("nosniff", downloaded.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(DocumentUploads.Pdf, await downloaded.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Each_rows_links_lead_to_that_rows_document_as_the_framework_would_write_them()
    {
        // The row links are written from one address per route (PortalAnchorTagHelper): each row must still get its own.
        var (user, agent) = await SignedInAsync();
        using var _ = agent;
        var first = await AddAsync(agent, user, "premier.pdf", DocumentUploads.Pdf, "Premier");
        var second = await AddAsync(agent, user, "second.pdf", DocumentUploads.Pdf[..^1], "Second");
        var links = host.Services.GetRequiredService<LinkGenerator>();

        var page = await agent.GetAsync("/mon-compte");

        foreach (var id in new[] { first, second })
        {
            var row = page.Single($"#document-{id:N}");
            Assert.Equal(
                [
                    links.GetPathByAction("Consult", "Documents", new { id })!,
                    links.GetPathByAction("Download", "Documents", new { id })!,
                    links.GetPathByAction("Delete", "Documents", new { ids = id })!,
                ],
                row.QuerySelectorAll("a").Select(a => a.GetAttribute("href")!).ToArray());
            Assert.Equal($"/mon-compte/pieces-jointes/{id}/consulter", row.QuerySelectorAll("a")[0].GetAttribute("href"));
        }

        using var downloaded = await agent.NoRedirect.GetAsync(page.Single($"#document-{second:N}").QuerySelectorAll("a")[1].GetAttribute("href"));
        Assert.Equal(DocumentUploads.Pdf[..^1], await downloaded.Content.ReadAsByteArrayAsync());
        // A link to the page being shown is the framework's own: « Annuler » of the personal information.
        Assert.Equal(links.GetPathByAction("Index", "Account"), page.Single("#cancel-profile").GetAttribute("href"));
    }

    [Theory]
    [InlineData("page.html", "<html><body><script>alert(document.cookie)</script></body></html>")]
    [InlineData("dessin.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>")]
    [InlineData("page.xhtml", "<html xmlns=\"http://www.w3.org/1999/xhtml\"><script>alert(1)</script></html>")]
    [InlineData("donnees.xml", "<?xml version=\"1.0\"?><a/>")]
    public async Task Markup_files_are_always_downloaded_never_rendered(string fileName, string content)
    {
        var (user, agent) = await SignedInAsync();
        using var _ = agent;
        var id = await AddAsync(agent, user, fileName, System.Text.Encoding.UTF8.GetBytes(content), "Balisage");

        foreach (var action in new[] { "consulter", "telecharger" })
        {
            using var response = await agent.NoRedirect.GetAsync($"/mon-compte/pieces-jointes/{id}/{action}");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
            Assert.Equal(fileName, response.Content.Headers.ContentDisposition.FileNameStar);
            Assert.Equal("application/octet-stream", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.StartsWith("sandbox; default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        }
    }

    [Theory]
    [InlineData("facture.pdf", "MZ", "Le contenu du fichier ne correspond pas à son extension.")]
    [InlineData("photo.png", "GIF89a", "Le contenu du fichier ne correspond pas à son extension.")]
    [InlineData("tableau.xlsx", "MZ", "Le contenu du fichier ne correspond pas à son extension.")]
    [InlineData("programme.exe", "MZ", "Ce format de fichier n'est pas accepté")]
    [InlineData("sans-extension", "%PDF-", "Le nom du fichier doit se terminer par une extension")]
    [InlineData("vide.pdf", "", "Le fichier est vide")]
    [InlineData("un-nom-de-fichier-beaucoup-trop-long-pour-chorus.pdf", "%PDF-", "Le nom du fichier ne peut pas dépasser 50 caractères, extension comprise.")]
    public async Task A_refused_file_gets_its_message_beside_the_field_and_nothing_is_stored(string fileName, string head, string message)
    {
        var (user, agent) = await SignedInAsync();
        using var _ = agent;
        byte[] content = head.Length == 0 ? [] : [.. System.Text.Encoding.ASCII.GetBytes(head), .. new byte[64]];

        var page = await agent.UploadAsync(fileName, content);

        AssertRefusedBesideTheFile(page, message);
        Assert.Empty(await DocumentsOfAsync(user));
        Assert.False(await host.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.UserId == user.Id)));
    }

    [Fact]
    public async Task The_51_character_name_is_refused_and_the_50_character_one_accepted()
    {
        var (user, agent) = await SignedInAsync();
        using var _ = agent;
        var fifty = new string('a', 46) + ".pdf";

        AssertRefusedBesideTheFile(await agent.UploadAsync("b" + fifty, DocumentUploads.Pdf), "ne peut pas dépasser 50 caractères");
        await AddAsync(agent, user, fifty, DocumentUploads.Pdf, "Cinquante");

        Assert.Equal(50, Assert.Single(await DocumentsOfAsync(user)).FileName.Length);
    }

    [Fact]
    public async Task Ten_megabytes_are_accepted_and_one_byte_more_is_refused_with_its_message()
    {
        var (user, agent) = await SignedInAsync();
        using var _ = agent;
        var limit = 10 * 1024 * 1024;
        var content = new byte[limit + 1];
        DocumentUploads.Pdf.CopyTo(content, 0);

        var refused = await agent.UploadAsync("trop-gros.pdf", content);
        AssertRefusedBesideTheFile(refused, TenMegabytes);
        Assert.Empty(await DocumentsOfAsync(user));

        await AddAsync(agent, user, "juste.pdf", content[..limit], "Dix mégaoctets");
        Assert.Equal(limit, Assert.Single(await DocumentsOfAsync(user)).Size);
    }

    [Fact]
    public async Task A_request_far_over_the_limit_is_answered_413_with_the_portal_page_and_stores_nothing()
    {
        var (user, agent) = await SignedInAsync();
        using var _ = agent;
        var content = new byte[12 * 1024 * 1024];
        DocumentUploads.Pdf.CopyTo(content, 0);

        var form = (await agent.GetAsync("/mon-compte")).Form(DocumentUploads.AddPath);
        // As a careful client does: announce the body and wait for the server's go-ahead before sending it.
        using var request = new HttpRequestMessage(HttpMethod.Post, DocumentUploads.AddPath)
        {
            Content = DocumentUploads.Multipart(form, "enorme.pdf", content, "Trop gros"),
        };
        request.Headers.ExpectContinue = true;
        using var response = await agent.NoRedirect.SendAsync(request);
        var page = await Page.ReadAsync(response);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, page.Status);
        Assert.True(page.Contains("Fichier trop volumineux"), page.Html);
        Assert.Empty(await DocumentsOfAsync(user));
    }

    [Fact]
    public async Task A_missing_designation_and_type_are_shown_beside_their_fields()
    {
        var (user, agent) = await SignedInAsync();
        using var _ = agent;

        var page = await agent.UploadAsync("a.pdf", DocumentUploads.Pdf, designation: "", typeId: "");

        Assert.True(page.Contains("Saisissez la désignation de la pièce jointe."));
        Assert.True(page.Contains("Sélectionnez le type de pièce jointe."));
        Assert.True(page.Has("a[href='#Upload_Designation']"), "the error summary does not link to the designation");
        Assert.True(page.Has("a[href='#Upload_DocumentTypeId']"), "the error summary does not link to the type");
        Assert.Empty(await DocumentsOfAsync(user));
    }

    [Theory]
    [InlineData("../../etc/passwd.pdf", "passwd.pdf")]
    [InlineData("..\\..\\Windows\\win.pdf", "win.pdf")]
    [InlineData("fac\u0001tu\u0007re\r\n.pdf", "facture.pdf")]
    [InlineData("photo\u202Egnp.pdf", "photognp.pdf")]
    [InlineData("a\u2066b\u200Fc<d>.pdf", "abc_d_.pdf")]
    public async Task Hostile_names_are_stored_under_a_safe_name(string hostile, string safe)
    {
        var (user, agent) = await SignedInAsync();
        using var _ = agent;

        var id = await AddAsync(agent, user, hostile, DocumentUploads.Pdf, "Nom piégé");

        Assert.Equal(safe, Assert.Single(await DocumentsOfAsync(user)).FileName);
        using var download = await agent.NoRedirect.GetAsync($"/mon-compte/pieces-jointes/{id}/telecharger");
        Assert.Equal(safe, download.Content.Headers.ContentDisposition!.FileNameStar);
    }

    [Fact]
    public async Task Names_and_designations_are_shown_escaped()
    {
        var (user, agent) = await SignedInAsync();
        using var _ = agent;

        await AddAsync(agent, user, "x<img src=x onerror=alert(1)>.pdf", DocumentUploads.Pdf, "<script>alert('pj')</script>");
        var page = await agent.GetAsync("/mon-compte");

        Assert.DoesNotContain("<script>alert('pj')", page.Html);
        Assert.DoesNotContain("<img src=x", page.Html);
        Assert.Contains("&lt;script&gt;alert(&#x27;pj&#x27;)&lt;/script&gt;", page.Html);
        Assert.True(page.Contains("x_img src=x onerror=alert(1)_.pdf"));
    }

    [Fact]
    public async Task The_ticked_documents_come_as_one_ZIP_with_unique_names()
    {
        var (user, agent) = await SignedInAsync();
        using var _ = agent;
        var first = await AddAsync(agent, user, "devis.pdf", DocumentUploads.Pdf, "Devis A");
        byte[] other = [.. DocumentUploads.Pdf, .. "% deuxième\n"u8.ToArray()];
        var second = await AddAsync(agent, user, "devis.pdf", other, "Devis B");
        await AddAsync(agent, user, "autre.txt", "non coché"u8.ToArray(), "Non coché");

        using var response = await agent.NoRedirect.GetAsync($"/mon-compte/pieces-jointes/zip?ids={first}&ids={second}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("pieces-jointes.zip", response.Content.Headers.ContentDisposition.FileNameStar);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        Assert.Equal(["devis (2).pdf", "devis.pdf"], zip.Entries.Select(e => e.FullName).Order().ToArray());
        Assert.Equal(DocumentUploads.Pdf, ReadEntry(zip, "devis.pdf"));
        Assert.Equal(other, ReadEntry(zip, "devis (2).pdf"));
    }

    [Fact]
    public async Task Nothing_ticked_is_explained_beside_the_selection()
    {
        var (user, agent) = await SignedInAsync();
        using var _ = agent;
        await AddAsync(agent, user, "a.pdf", DocumentUploads.Pdf, "A");

        var zip = await agent.GetAsync("/mon-compte/pieces-jointes/zip");
        var delete = await agent.GetAsync("/mon-compte/pieces-jointes/supprimer");

        Assert.True(zip.Contains("Cochez au moins une pièce jointe dans la colonne « Sélection »."));
        Assert.True(delete.Contains("Cochez au moins une pièce jointe dans la colonne « Sélection »."));
        Assert.Single(await DocumentsOfAsync(user));
    }

    [Fact]
    public async Task Deleting_the_ticked_documents_needs_the_confirmation_box_then_deletes_them_all()
    {
        var (user, agent) = await SignedInAsync();
        using var _ = agent;
        var a = await AddAsync(agent, user, "a.pdf", DocumentUploads.Pdf, "A");
        var b = await AddAsync(agent, user, "b.pdf", DocumentUploads.Pdf, "B");
        var kept = await AddAsync(agent, user, "c.pdf", DocumentUploads.Pdf, "C");

        var confirmation = await agent.GetAsync($"/mon-compte/pieces-jointes/supprimer?ids={a}&ids={b}");
        Assert.True(confirmation.Contains("a.pdf") && confirmation.Contains("b.pdf") && !confirmation.Contains("c.pdf"));
        var unconfirmed = await agent.SubmitAsync(confirmation.Form("/pieces-jointes/supprimer"));
        Assert.True(unconfirmed.Contains("Cochez la case pour confirmer la suppression."));
        Assert.Equal(3, (await DocumentsOfAsync(user)).Count);

        var done = await agent.SubmitAsync(unconfirmed.Form("/pieces-jointes/supprimer").Set("confirm", "true"));

        Assert.True(done.Contains("Les pièces jointes ont été supprimées."));
        Assert.Equal([kept], (await DocumentsOfAsync(user)).Select(d => d.Id).ToArray());
        Assert.Equal(1, await host.WithDbAsync(db => db.DocumentContents.CountAsync(c => c.DocumentId == a || c.DocumentId == b || c.DocumentId == kept)));
        Assert.Equal(2, await host.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.UserId == user.Id && e.Action == DeleteDocuments.DeletedAction)));
    }

    [Fact]
    public async Task Another_users_document_is_not_found_to_consult_download_zip_or_delete()
    {
        var (owner, ownerAgent) = await SignedInAsync();
        using var _ = ownerAgent;
        var theirs = await AddAsync(ownerAgent, owner, "secret.pdf", DocumentUploads.Pdf, "Secret");
        var (intruder, agent) = await SignedInAsync();
        using var __ = agent;
        var mine = await AddAsync(agent, intruder, "mien.pdf", DocumentUploads.Pdf, "Mien");
        var token = (await agent.GetAsync("/mon-compte")).Form("/mon-compte")["__RequestVerificationToken"]!;

        foreach (var path in new[] { $"{theirs}/consulter", $"{theirs}/telecharger", $"zip?ids={theirs}", $"zip?ids={mine}&ids={theirs}", $"supprimer?ids={theirs}" })
        {
            using var response = await agent.NoRedirect.GetAsync("/mon-compte/pieces-jointes/" + path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path} answered {(int)response.StatusCode}");
        }

        using var delete = await agent.NoRedirect.PostAsync("/mon-compte/pieces-jointes/supprimer", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", token), new("ids", mine.ToString()), new("ids", theirs.ToString()), new("confirm", "true")]));
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Single(await DocumentsOfAsync(owner));
        Assert.Single(await DocumentsOfAsync(intruder));
    }

    [Fact]
    public async Task A_multipart_upload_without_the_antiforgery_token_is_rejected_with_400()
    {
        var (user, agent) = await SignedInAsync();
        using var _ = agent;
        var form = (await agent.GetAsync("/mon-compte")).Form(DocumentUploads.AddPath).Remove("__RequestVerificationToken");

        using var body = DocumentUploads.Multipart(form, "a.pdf", DocumentUploads.Pdf, "Sans jeton");
        using var response = await agent.NoRedirect.PostAsync(DocumentUploads.AddPath, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await DocumentsOfAsync(user));
    }

    [Fact]
    public async Task A_refused_upload_comes_back_in_its_window_from_Mon_compte_and_on_its_page_without_JavaScript()
    {
        var (user, agent) = await SignedInAsync();
        using var _ = agent;
        var account = await agent.GetAsync("/mon-compte");
        Assert.Equal("false", account.Single("#add-document-open").GetAttribute("data-window-opened"));
        Assert.Equal("/mon-compte/pieces-jointes/ajouter", account.Single("#add-document-open").GetAttribute("href"));

        // Posted from the window of « Mon compte »: « Mon compte » again, the window to open, the message in it.
        var fromWindow = await agent.UploadAsync("a.pdf", DocumentUploads.Pdf, designation: "");
        Assert.Equal("/mon-compte/pieces-jointes", fromWindow.Uri.AbsolutePath);
        Assert.Equal("true", fromWindow.Single("#add-document-open").GetAttribute("data-window-opened"));
        Assert.Equal("add-document-window", fromWindow.Single("#add-document-open").GetAttribute("data-opens-window"));
        Assert.Contains("Saisissez", fromWindow.Single("dialog#add-document-window #Upload_Designation-error").TextContent);

        // The same form as a page (where the link leads without JavaScript): refused, it comes back on its page.
        var page = await agent.GetAsync("/mon-compte/pieces-jointes/ajouter");
        Assert.Equal("Ajouter une pièce jointe", page.Single("main h1").ShownText());
        var form = page.Form(DocumentUploads.AddPath);
        Assert.DoesNotContain(form.Fields, f => f.Key == "fenetre");
        using var body = DocumentUploads.Multipart(form, "a.pdf", DocumentUploads.Pdf, "");
        using var response = await agent.Http.PostAsync(DocumentUploads.AddPath, body);
        var refused = await Page.ReadAsync(response);
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Equal("Ajouter une pièce jointe", refused.Single("main h1").ShownText());
        Assert.False(refused.Has("#add-document-window"), "the page is not « Mon compte » and its window");
        Assert.Contains("Saisissez", refused.Single("#Upload_Designation-error").TextContent);
        Assert.True(refused.Has("a[href='#Upload_Designation']"), "the error summary does not link to the field");
        Assert.Empty(await DocumentsOfAsync(user));

        // Accepted from the page: « Mon compte » with the document.
        var added = await agent.SubmitMultipartAsync(refused.Form(DocumentUploads.AddPath), "a.pdf", DocumentUploads.Pdf, "Présentation");
        Assert.True(added.Contains("La pièce jointe a été ajoutée."), added.Html);
        Assert.Single(await DocumentsOfAsync(user));
    }

    private static void AssertRefusedBesideTheFile(Page page, string message)
    {
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("/mon-compte/pieces-jointes", page.Uri.AbsolutePath);
        var error = page.FindAll("p.fr-message.fr-message--error#Upload_File-error");
        Assert.True(error.Count == 1, "no message beside the file field");
        Assert.Contains(message, error[0].TextContent);
        Assert.True(page.Has("a[href='#Upload_File']"), "the error summary does not link to the file field");
    }

    private static byte[] ReadEntry(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DocumentTestsOnSqlite(SqlitePortalFixture fixture) : DocumentTests(fixture.Host);

[Collection(PostgreSqlCollection.Name)]
public sealed class DocumentTestsOnPostgreSql(PostgreSqlPortalFixture fixture) : DocumentTests(fixture.Host);
