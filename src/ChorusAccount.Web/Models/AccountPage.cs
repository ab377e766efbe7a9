using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Documents;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Web.Models;

/// <summary>« Mon compte »: the editable first block, the read-only blocks, and the documents block with its add form.</summary>
public sealed record AccountPage(string Login, ProfileForm Form, AccountOverview Overview, IReadOnlyList<DocumentType> DocumentTypes, DocumentForm Upload);

/// <summary>« Compléter les informations de son compte » (first sign-in).</summary>
public sealed record CompletionPage(string Login, ProfileForm Form);

/// <summary>Builds « Mon compte » for the signed-in user, for every controller that re-shows it with errors.</summary>
public sealed class AccountPageBuilder(ChorusAccountDbContext db, GetAccountOverview overview)
{
    public async Task<AccountPage> BuildAsync(User user, ProfileForm form, DocumentForm? upload, CancellationToken ct) =>
        new(user.Login, form, await overview.ExecuteAsync(user.Id, ct), DocumentType.InOrder, upload ?? new DocumentForm());

    /// <summary>« Mon compte » as saved, to show again with an error next to a block; null when the account is gone.</summary>
    public async Task<AccountPage?> BuildAsync(Guid userId, CancellationToken ct) =>
        await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, ct) is { } user ? await BuildAsync(user, ProfileForm.From(user), null, ct) : null;
}

/// <summary>« Supprimer »: the ticked documents, and the confirmation box.</summary>
public sealed record DeleteDocumentsPage(IReadOnlyList<DocumentFile> Documents);
