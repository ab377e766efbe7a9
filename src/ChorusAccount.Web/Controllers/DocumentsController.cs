using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Documents;
using ChorusAccount.Web.Authentication;
using ChorusAccount.Web.Documents;
using ChorusAccount.Web.Infrastructure;
using ChorusAccount.Web.Localization;
using ChorusAccount.Web.Models;
using ChorusAccount.Web.Security;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ChorusAccount.Web.Controllers;

/// <summary>« Mes pièces jointes »: add, consult, download, delete, and the same for the ticked ones.</summary>
[Route("mon-compte/pieces-jointes")]
public sealed class DocumentsController(
    ChorusAccountDbContext db,
    GetDocuments documents,
    IOptions<DocumentsOptions> options,
    IStringLocalizer<UiText> t) : Controller
{
    private const string UploadPrefix = nameof(AccountPage.Upload);
    private const string ConfirmField = "Confirm";
    private const string SelectionField = "Selection";

    /// <summary>Posted by the form of the window in « Mon compte »: a refusal shows the window again, not the page.</summary>
    public const string InWindowField = "fenetre";

    /// <summary>« Ajouter une pièce jointe » as a page: where the window's button leads without JavaScript.</summary>
    [HttpGet("ajouter")]
    public IActionResult New() => View(nameof(Add), new AddDocumentPage(new DocumentForm(), DocumentType.InOrder));

    [HttpPost("")]
    [DocumentUploadLimit]
    [EnableRateLimiting(RateLimits.DocumentUpload)]
    public async Task<IActionResult> Add(
        [Bind(Prefix = UploadPrefix)] DocumentForm form,
        [FromForm(Name = InWindowField)] bool inWindow,
        [FromServices] IValidator<DocumentForm> validator,
        [FromServices] AddDocument addDocument,
        CancellationToken ct)
    {
        var user = await CurrentUserAsync(ct);
        if (user is null)
        {
            return NotFound();
        }

        if (await validator.ValidateIntoAsync(form, this, UploadPrefix, ct))
        {
            var upload = new DocumentUpload(form.File!.FileName, form.File.Length, form.File.OpenReadStream);
            var result = await addDocument.ExecuteAsync(user.Id, user.Login, upload, form.Designation!, form.DocumentTypeId!.Value, ct);
            if (result.Refusal is null)
            {
                TempData["Success"] = "Documents.Added";
                return RedirectToAction(nameof(AccountController.Index), "Account", null, "documents-title");
            }

            var field = result.Refusal == DocumentRefusal.UnknownType ? nameof(DocumentForm.DocumentTypeId) : nameof(DocumentForm.File);
            ModelState.AddModelError($"{UploadPrefix}.{field}", RefusalMessage(result.Refusal.Value));
        }

        return inWindow ? new AccountPageResult(upload: form) : View(new AddDocumentPage(form, DocumentType.InOrder));
    }

    [HttpGet("{id:guid}/consulter")]
    public async Task<IActionResult> Consult(Guid id, CancellationToken ct) => await ServeAsync(id, consult: true, ct);

    [HttpGet("{id:guid}/telecharger")]
    public async Task<IActionResult> Download(Guid id, CancellationToken ct) => await ServeAsync(id, consult: false, ct);

    [HttpGet("zip")]
    [EnableRateLimiting(RateLimits.DocumentZip)]
    public async Task<IActionResult> DownloadSelection([FromQuery] List<Guid> ids, CancellationToken ct)
    {
        var found = await SelectionAsync(ids, ct);
        if (found is null)
        {
            return ids.Count == 0 ? NothingTicked() : NotFound();
        }

        return new DocumentZipResult(User.GetUserId(), found, t["Documents.ZipName"]);
    }

    [HttpGet("supprimer")]
    public async Task<IActionResult> Delete([FromQuery] List<Guid> ids, CancellationToken ct)
    {
        var found = await SelectionAsync(ids, ct);
        if (found is null)
        {
            return ids.Count == 0 ? NothingTicked() : NotFound();
        }

        return View(new DeleteDocumentsPage(found));
    }

    [HttpPost("supprimer")]
    public async Task<IActionResult> Delete([FromForm] List<Guid> ids, [FromForm] bool confirm, [FromServices] DeleteDocuments deleteDocuments, CancellationToken ct)
    {
        var found = await SelectionAsync(ids, ct);
        if (found is null)
        {
            return ids.Count == 0 ? NothingTicked() : NotFound();
        }

        if (!confirm)
        {
            ModelState.AddModelError(ConfirmField, t["Documents.ConfirmRequired"]);
            return View(new DeleteDocumentsPage(found));
        }

        if (!await deleteDocuments.ExecuteAsync(User.GetUserId(), User.GetLogin(), ids, ct))
        {
            return NotFound();
        }

        TempData["Success"] = found.Count == 1 ? "Documents.Deleted" : "Documents.DeletedSeveral";
        return RedirectToAction(nameof(AccountController.Index), "Account", null, "documents-title");
    }

    private async Task<IActionResult> ServeAsync(Guid id, bool consult, CancellationToken ct)
    {
        var file = await documents.FindAsync(User.GetUserId(), id, ct);
        if (file is null)
        {
            return NotFound();
        }

        var bytes = await documents.ContentAsync(User.GetUserId(), id, ct);
        // HTML, XHTML, SVG and XML are always downloaded, even from « Consulter ».
        var inline = consult && DocumentResponses.ShowsInline(file);
        DocumentResponses.Prepare(Response, file.FileName, inline);
        return File(bytes, inline ? file.ContentType : "application/octet-stream");
    }

    /// <summary>The ticked documents, all the user's own; null when nothing is ticked or any id is someone else's.</summary>
    private async Task<IReadOnlyList<DocumentFile>?> SelectionAsync(List<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0)
        {
            return null;
        }

        var found = await documents.ExecuteAsync(User.GetUserId(), wanted, ct);
        return found.Count == wanted.Count ? found : null;
    }

    private AccountPageResult NothingTicked() => this.AccountPageWithError(SelectionField, t["Documents.NothingTicked"]);

    // Every refusal text may quote the limits: {0} MB per file, {1} documents, {2} MB in all.
    private string RefusalMessage(DocumentRefusal refusal)
    {
        var limits = options.Value;
        return t[$"DocumentRefusal.{refusal}", Megabytes(limits.MaxFileBytes), limits.MaxDocumentsPerAccount, Megabytes(limits.MaxTotalBytesPerAccount)];
    }

    private static string Megabytes(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.#", System.Globalization.CultureInfo.CurrentCulture);

    private Task<User?> CurrentUserAsync(CancellationToken ct)
    {
        var id = User.GetUserId();
        return db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
    }
}
