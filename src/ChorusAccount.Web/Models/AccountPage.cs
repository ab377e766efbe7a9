using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Documents;

namespace ChorusAccount.Web.Models;

/// <summary>« Mon compte »: the editable first block, the read-only blocks, and the documents block with its add form.</summary>
public sealed record AccountPage(string Login, ProfileForm Form, AccountOverview Overview, IReadOnlyList<DocumentType> DocumentTypes, DocumentForm Upload);

/// <summary>« Compléter les informations de son compte » (first sign-in).</summary>
public sealed record CompletionPage(string Login, ProfileForm Form);

/// <summary>Builds « Mon compte » for the signed-in user, for every controller that re-shows it with errors.</summary>
public sealed class AccountPageBuilder(GetAccountOverview overview, GetDocumentTypes documentTypes)
{
    public async Task<AccountPage> BuildAsync(User user, ProfileForm form, DocumentForm? upload, CancellationToken ct) =>
        new(user.Login, form, await overview.ExecuteAsync(user.Id, ct), await documentTypes.ExecuteAsync(ct), upload ?? new DocumentForm());
}

/// <summary>« Supprimer »: the ticked documents, and the confirmation box.</summary>
public sealed record DeleteDocumentsPage(IReadOnlyList<DocumentFile> Documents);
