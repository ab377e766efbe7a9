using ChorusAccount.Core.Data;

namespace ChorusAccount.Core.Documents;

/// <summary>Writes a document's bytes from the upload straight into its content row, in chunks, where the engine
/// allows it: the file is then never held whole in memory, neither by us nor by the database driver.</summary>
public interface IDocumentContentStreamer
{
    bool CanStream(ChorusAccountDbContext db);

    /// <summary>Fills the content row of <paramref name="documentId"/> (already inserted, inside the caller's transaction)
    /// with <paramref name="length"/> bytes of <paramref name="source"/>; returns their SHA-256, or null when the source is shorter.</summary>
    Task<string?> StreamAsync(ChorusAccountDbContext db, Guid documentId, long length, Stream source, CancellationToken ct);
}
