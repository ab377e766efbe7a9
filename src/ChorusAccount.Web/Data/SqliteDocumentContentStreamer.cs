using System.Buffers;
using System.Security.Cryptography;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Documents;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Web.Data;

/// <summary>On SQLite, a byte[] parameter is copied by the driver and again into the row: instead the row gets a
/// zero-filled blob of the right size, then the upload is written into it through SQLite's incremental blob API.</summary>
public sealed class SqliteDocumentContentStreamer : IDocumentContentStreamer
{
    private const int ChunkSize = 80 * 1024;

    public bool CanStream(ChorusAccountDbContext db) => db.Database.IsSqlite();

    public async Task<string?> StreamAsync(ChorusAccountDbContext db, Guid documentId, long length, Stream source, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync($"UPDATE \"DocumentContents\" SET \"Data\" = zeroblob({length}) WHERE \"DocumentId\" = {documentId}", ct);
        var rowId = await db.Database.SqlQuery<long>($"SELECT rowid AS \"Value\" FROM \"DocumentContents\" WHERE \"DocumentId\" = {documentId}").SingleAsync(ct);

        using var blob = new SqliteBlob((SqliteConnection)db.Database.GetDbConnection(), "DocumentContents", "Data", rowId);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            long written = 0;
            while (written < length)
            {
                var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(ChunkSize, length - written)), ct);
                if (read == 0)
                {
                    return null;
                }

                blob.Write(buffer, 0, read);
                hash.AppendData(buffer, 0, read);
                written += read;
            }

            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
