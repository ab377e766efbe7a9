using ChorusAccount.Core.Auditing;
using ChorusAccount.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Documents;

/// <summary>Deletes one or several of the user's own pièces jointes, all or none, with one history line each.</summary>
public sealed class DeleteDocuments(ChorusAccountDbContext db, TimeProvider clock)
{
    public const string DeletedAction = "DocumentDeleted";

    /// <summary>False (nothing deleted) when any id is not one of the user's documents.</summary>
    public async Task<bool> ExecuteAsync(Guid userId, string actor, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0)
        {
            return false;
        }

        var documents = await db.Documents.Where(d => d.UserId == userId && wanted.Contains(d.Id)).ToListAsync(ct);
        if (documents.Count != wanted.Count)
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var document in documents)
        {
            // The bytes are deleted by key, never loaded.
            db.DocumentContents.Remove(new DocumentContent { DocumentId = document.Id, Data = [] });
            db.Documents.Remove(document);
            db.AuditEntries.Add(new AuditEntry
            {
                UserId = userId,
                Actor = actor,
                At = now,
                Action = DeletedAction,
                Changes = [new FieldChange("Designation", document.Designation, null), new FieldChange("FileName", document.FileName, null)],
            });
        }

        await db.SaveChangesAsync(ct);
        return true;
    }
}
