using ChorusAccount.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Documents;

/// <summary>What serving a document needs, without its bytes.</summary>
public sealed record DocumentFile(Guid Id, string Designation, string FileName, string Extension, string ContentType, long Size);

/// <summary>The user's own documents by id, and their bytes one at a time; another user's id is simply not found.</summary>
public sealed class GetDocuments(ChorusAccountDbContext db)
{
    public async Task<IReadOnlyList<DocumentFile>> ExecuteAsync(Guid userId, IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        await db.Documents.AsNoTracking()
            .Where(d => d.UserId == userId && ids.Contains(d.Id))
            .OrderBy(d => d.Designation).ThenBy(d => d.Id)
            .Select(d => new DocumentFile(d.Id, d.Designation, d.FileName, d.Extension, d.ContentType, d.Size))
            .ToListAsync(ct);

    public async Task<DocumentFile?> FindAsync(Guid userId, Guid id, CancellationToken ct) =>
        (await ExecuteAsync(userId, [id], ct)).SingleOrDefault();

    /// <summary>The bytes of a document already found for this user.</summary>
    public Task<byte[]> ContentAsync(Guid userId, Guid id, CancellationToken ct) =>
        db.DocumentContents.AsNoTracking()
            .Where(c => c.DocumentId == id && db.Documents.Any(d => d.Id == id && d.UserId == userId))
            .Select(c => c.Data)
            .SingleAsync(ct);
}
