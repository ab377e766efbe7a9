using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Documents;
using ChorusAccount.Web.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Web.Models;

/// <summary>« Mon compte »: the editable first block, the read-only blocks, and the documents block with its add form.</summary>
public sealed record AccountPage(string Login, ProfileForm Form, AccountOverview Overview, IReadOnlyList<DocumentType> DocumentTypes, DocumentForm Upload)
{
    /// <summary>The add form was posted from its window and refused: the window opens again with its errors.</summary>
    public bool ShowsAddWindow { get; init; }
}

/// <summary>« Ajouter une pièce jointe »: the form, in the window of « Mon compte » (<paramref name="InWindow"/>) or as a
/// page (without JavaScript).</summary>
public sealed record AddDocumentPage(DocumentForm Upload, IReadOnlyList<DocumentType> DocumentTypes, bool InWindow = false);

/// <summary>« Compléter les informations de son compte » (first sign-in).</summary>
public sealed record CompletionPage(string Login, ProfileForm Form);

/// <summary>Builds « Mon compte » for the signed-in user.</summary>
public sealed class AccountPageBuilder(ChorusAccountDbContext db, GetAccountOverview overview)
{
    // The account, compiled once (the day is not part of it).
    private static readonly CompiledUserQuery<User> _user = new((db, userId, _) => db.Users.AsNoTracking().Where(u => u.Id == userId));

    /// <summary>« Mon compte » with the personal information form and the add form as given (as saved when null, the add
    /// form's window open when given); null when the account is gone.</summary>
    public async Task<AccountPage?> BuildAsync(Guid userId, ProfileForm? form, DocumentForm? upload, CancellationToken ct) =>
        (await _user.ToListAsync(db, userId, default, ct)).SingleOrDefault() is { } user
            ? new(user.Login, form ?? ProfileForm.From(user), await overview.ExecuteAsync(user.Id, ct), DocumentType.InOrder, upload ?? new DocumentForm())
            {
                ShowsAddWindow = upload is not null,
            }
            : null;
}

/// <summary>
/// « Mon compte » of the signed-in user, with the errors the action put in ModelState shown next to their blocks: the one
/// way every controller shows it (again). The personal information form and the add form are shown as posted when given,
/// as saved otherwise; a gone account answers 404.
/// </summary>
public sealed class AccountPageResult(ProfileForm? form = null, DocumentForm? upload = null) : IActionResult
{
    public const string ViewName = "~/Views/Account/Index.cshtml";

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var services = context.HttpContext.RequestServices;
        var page = await services.GetRequiredService<AccountPageBuilder>()
            .BuildAsync(context.HttpContext.User.GetUserId(), form, upload, context.HttpContext.RequestAborted);
        if (page is null)
        {
            await new NotFoundResult().ExecuteResultAsync(context);
            return;
        }

        var viewData = new ViewDataDictionary<AccountPage>(services.GetRequiredService<IModelMetadataProvider>(), context.ModelState) { Model = page };
        await new ViewResult { ViewName = ViewName, ViewData = viewData }.ExecuteResultAsync(context);
    }
}

/// <summary>« Mon compte » shown again with an error next to one of its blocks.</summary>
public static class AccountPageResults
{
    /// <summary>Adds <paramref name="message"/> under <paramref name="key"/> (a block's selection, or "" for the page)
    /// and shows « Mon compte » again.</summary>
    public static AccountPageResult AccountPageWithError(this ControllerBase controller, string key, string message)
    {
        controller.ModelState.AddModelError(key, message);
        return new AccountPageResult();
    }
}

/// <summary>« Supprimer »: the ticked documents, and the confirmation box.</summary>
public sealed record DeleteDocumentsPage(IReadOnlyList<DocumentFile> Documents);
