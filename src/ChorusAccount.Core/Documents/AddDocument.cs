using System.Security.Cryptography;
using ChorusAccount.Core.Auditing;
using ChorusAccount.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChorusAccount.Core.Documents;

/// <summary>A file as the upload announces it; <see cref="Open"/> gives its bytes, read once.</summary>
public sealed record DocumentUpload(string? FileName, long Length, Func<Stream> Open);

public sealed record AddDocumentResult(DocumentRefusal? Refusal, Guid? DocumentId);

/// <summary>« Ajouter une pièce jointe »: checks the file, then writes its metadata, its bytes and the history line at once;
/// the quota holds under parallel uploads of the same user.</summary>
public sealed class AddDocument(ChorusAccountDbContext db, TimeProvider clock, IOptions<DocumentsOptions> options, IDocumentContentStreamer? streamer = null)
{
    public const string AddedAction = "DocumentAdded";

    public async Task<AddDocumentResult> ExecuteAsync(Guid userId, string actor, DocumentUpload upload, string designation, int documentTypeId, CancellationToken ct)
    {
        var limits = options.Value;
        if (DocumentRules.CheckFile(upload.FileName, upload.Length, limits, out var safeName) is { } refusal)
        {
            return Refused(refusal);
        }

        if (!await db.DocumentTypes.AnyAsync(t => t.Id == documentTypeId, ct))
        {
            return Refused(DocumentRefusal.UnknownType);
        }

        // The quota is counted and the document written in one transaction that holds the user's row: a parallel
        // upload of the same user waits for this one to end, then counts it (check-then-insert would let both pass).
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await QuotaRefusalAsync(userId, upload.Length, limits, ct) is { } quota)
        {
            return Refused(quota);
        }

        var safeExtension = DocumentFileName.ExtensionOf(safeName);
        if (DocumentRules.CheckContent(safeExtension, await ReadHeadAsync(upload, ct)) is { } mismatch)
        {
            return Refused(mismatch);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var document = new Document
        {
            UserId = userId,
            Designation = designation.Trim(),
            DocumentTypeId = documentTypeId,
            FileName = safeName,
            Extension = safeExtension,
            ContentType = DocumentFormats.ContentTypeOf(safeExtension),
            Size = upload.Length,
            Sha256 = "",
            CreatedAt = now,
        };
        db.Documents.Add(document);
        db.AuditEntries.Add(new AuditEntry
        {
            UserId = userId,
            Actor = actor,
            At = now,
            Action = AddedAction,
            Changes = [new FieldChange("Designation", null, document.Designation), new FieldChange("FileName", null, safeName)],
        });

        var stored = streamer is not null && streamer.CanStream(db)
            ? await StreamAsync(streamer, document, upload, ct)
            : await BufferAsync(document, upload, ct);
        if (!stored)
        {
            return Refused(DocumentRefusal.Empty);
        }

        await transaction.CommitAsync(ct);
        return new AddDocumentResult(null, document.Id);
    }

    // The lock first: a no-op update of the user's row is a write lock on SQL Server and PostgreSQL (the other upload's
    // update waits for this transaction's end, and its count, read after, sees this document), and SQLite's transactions
    // take the database's write lock when they begin. The count and sum are read only once the lock is held.
    private async Task<DocumentRefusal?> QuotaRefusalAsync(Guid userId, long newFileBytes, DocumentsOptions limits, CancellationToken ct)
    {
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.Version, u => u.Version), ct);
        var owned = db.Documents.Where(d => d.UserId == userId);
        var count = await owned.CountAsync(ct);
        var bytes = await owned.SumAsync(d => d.Size, ct);
        return DocumentRules.CheckQuota(count, bytes, newFileBytes, limits);
    }

    // The engine takes the bytes in chunks: metadata first, then the content, in the caller's transaction.
    private async Task<bool> StreamAsync(IDocumentContentStreamer contentStreamer, Document document, DocumentUpload upload, CancellationToken ct)
    {
        document.Sha256 = new string('0', 64);
        db.DocumentContents.Add(new DocumentContent { DocumentId = document.Id, Data = [] });
        await db.SaveChangesAsync(ct);
        await using var source = upload.Open();
        if (await contentStreamer.StreamAsync(db, document.Id, upload.Length, source, ct) is not { } sha256)
        {
            return false;
        }

        document.Sha256 = sha256;
        await db.SaveChangesAsync(ct);
        return true;
    }

    // Otherwise one buffer of the announced size, hashed while it fills: the bytes are copied once.
    private async Task<bool> BufferAsync(Document document, DocumentUpload upload, CancellationToken ct)
    {
        var data = new byte[upload.Length];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var stream = upload.Open();
        var filled = 0;
        while (filled < data.Length)
        {
            var read = await stream.ReadAsync(data.AsMemory(filled), ct);
            if (read == 0)
            {
                return false;
            }

            hash.AppendData(data, filled, read);
            filled += read;
        }

        document.Sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        db.DocumentContents.Add(new DocumentContent { DocumentId = document.Id, Data = data });
        await db.SaveChangesAsync(ct);
        return true;
    }

    private static async Task<byte[]> ReadHeadAsync(DocumentUpload upload, CancellationToken ct)
    {
        var head = new byte[DocumentFormats.SignatureLength];
        await using var stream = upload.Open();
        var filled = 0;
        while (filled < head.Length && await stream.ReadAsync(head.AsMemory(filled), ct) is > 0 and var read)
        {
            filled += read;
        }

        return head[..filled];
    }

    private static AddDocumentResult Refused(DocumentRefusal refusal) => new(refusal, null);
}
