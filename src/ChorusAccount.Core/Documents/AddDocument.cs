using System.Security.Cryptography;
using ChorusAccount.Core.Auditing;
using ChorusAccount.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChorusAccount.Core.Documents;

/// <summary>A file as the upload announces it; <see cref="Open"/> gives its bytes, read once.</summary>
public sealed record DocumentUpload(string? FileName, long Length, Func<Stream> Open);

public sealed record AddDocumentResult(DocumentRefusal? Refusal, Guid? DocumentId);

/// <summary>« Ajouter une pièce jointe »: checks the file, then writes its metadata, its bytes and the history line at once.</summary>
public sealed class AddDocument(ChorusAccountDbContext db, TimeProvider clock, IOptions<DocumentsOptions> options)
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

        var owned = db.Documents.Where(d => d.UserId == userId);
        var count = await owned.CountAsync(ct);
        var bytes = await owned.SumAsync(d => d.Size, ct);
        if (DocumentRules.CheckQuota(count, bytes, upload.Length, limits) is { } quota)
        {
            return Refused(quota);
        }

        var (data, sha256) = await ReadAsync(upload, ct);
        if (data is null)
        {
            return Refused(DocumentRefusal.Empty);
        }

        var extension = DocumentFileName.ExtensionOf(safeName);
        if (DocumentRules.CheckContent(extension, data) is { } mismatch)
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
            Extension = extension,
            ContentType = DocumentFormats.ContentTypeOf(extension),
            Size = data.Length,
            Sha256 = sha256,
            CreatedAt = now,
        };
        db.Documents.Add(document);
        db.DocumentContents.Add(new DocumentContent { DocumentId = document.Id, Data = data });
        db.AuditEntries.Add(new AuditEntry
        {
            UserId = userId,
            Actor = actor,
            At = now,
            Action = AddedAction,
            Changes = [new FieldChange("Designation", null, document.Designation), new FieldChange("FileName", null, safeName)],
        });
        await db.SaveChangesAsync(ct);
        return new AddDocumentResult(null, document.Id);
    }

    // One buffer of the announced size, hashed while it fills: the bytes are copied once.
    private static async Task<(byte[]? Data, string Sha256)> ReadAsync(DocumentUpload upload, CancellationToken ct)
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
                return (null, "");
            }

            hash.AppendData(data, filled, read);
            filled += read;
        }

        return (data, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static AddDocumentResult Refused(DocumentRefusal refusal) => new(refusal, null);
}
