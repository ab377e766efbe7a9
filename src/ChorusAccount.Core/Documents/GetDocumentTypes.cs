using ChorusAccount.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Documents;

/// <summary>The drop-down of document types, in their reference order.</summary>
public sealed class GetDocumentTypes(ChorusAccountDbContext db)
{
    public async Task<IReadOnlyList<DocumentType>> ExecuteAsync(CancellationToken ct) =>
        await db.DocumentTypes.AsNoTracking().OrderBy(t => t.SortOrder).ToListAsync(ct);
}
