using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ChorusAccount.Core.Madrhas;

/// <summary>
/// The one hash of a record's user columns (SHA-256 of the columns, each prefixed by its length, null apart from empty,
/// truncated to 64 bits): stable across processes and versions, as it is stored.
/// </summary>
/// <remarks>
/// <see cref="Of"/> is stored on the user (<c>MadrhasRecordHash</c>) when the record is applied: a later extract whose record
/// hashes the same is known to change nothing without reading the user's row. <see cref="OfAgreement"/> hashes the same
/// columns for <see cref="UserFingerprint"/>, which compares a user's records in a file: kept for the run only, never
/// stored, it is a plain 64-bit FNV-1a, the same in every process, at a fraction of SHA-256's cost.
/// </remarks>
internal static class MadrhasUserHash
{
    /// <summary>The user columns, in the order hashed (the status last).</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        MadrhasColumns.Civility, MadrhasColumns.LastName, MadrhasColumns.FirstName, MadrhasColumns.Email, MadrhasColumns.AddressLine1,
        MadrhasColumns.AddressLine2, MadrhasColumns.PostalCode, MadrhasColumns.City, MadrhasColumns.Country, MadrhasColumns.Status,
    ];

    /// <summary>The hash stored on the user: every column exactly as applied.</summary>
    public static long Of(MadrhasValidRecord record) => Hash(Values(record, record.Email));

    /// <summary>The hash deciding whether two records of one user agree: the email ignoring case, as mail addresses are in practice.</summary>
    public static long OfAgreement(MadrhasValidRecord record) => Fnv(Values(record, record.Email.ToUpperInvariant()));

    // FNV-1a over the UTF-16 code units of the same length-prefixed encoding as Hash.
    private static long Fnv(ReadOnlySpan<string?> values)
    {
        var hash = 14695981039346656037UL;
        foreach (var value in values)
        {
            var size = value?.Length ?? -1;
            hash = (hash ^ (ushort)(size & 0xFFFF)) * 1099511628211UL;
            hash = (hash ^ (ushort)((size >> 16) & 0xFFFF)) * 1099511628211UL;
            foreach (var unit in value.AsSpan())
            {
                hash = (hash ^ unit) * 1099511628211UL;
            }
        }

        return unchecked((long)hash);
    }

    /// <summary>The values of <see cref="Columns"/>, in order, with the email given.</summary>
    public static string?[] Values(MadrhasValidRecord record, string email) =>
        [record.Civility, record.LastName, record.FirstName, email, record.AddressLine1, record.AddressLine2, record.PostalCode, record.City, record.Country, record.Status.ToString()];

    /// <summary>SHA-256 of the values, each prefixed by its length (null apart from empty), truncated to 64 bits.</summary>
    internal static long Hash(ReadOnlySpan<string?> values)
    {
        var length = 0;
        foreach (var value in values)
        {
            length += 2 + (value?.Length ?? 0);
        }

        var chars = ArrayPool<char>.Shared.Rent(length);
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(length));
        try
        {
            var at = 0;
            foreach (var value in values)
            {
                // The length (and -1 for null) makes the encoding unambiguous whatever the values hold.
                var size = value?.Length ?? -1;
                chars[at++] = (char)(size & 0xFFFF);
                chars[at++] = (char)((size >> 16) & 0xFFFF);
                value.AsSpan().CopyTo(chars.AsSpan(at));
                at += value?.Length ?? 0;
            }

            var count = Encoding.UTF8.GetBytes(chars, 0, at, bytes, 0);
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(bytes.AsSpan(0, count), digest);
            return BinaryPrimitives.ReadInt64LittleEndian(digest);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
