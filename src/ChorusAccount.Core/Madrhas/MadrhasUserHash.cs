using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ChorusAccount.Core.Madrhas;

/// <summary>
/// A stable 64-bit hash of a line's user columns, stored on the user (<c>MadrhasLineHash</c>) when the line is applied:
/// a later extract whose line hashes the same is known to change nothing without reading the user's row.
/// </summary>
/// <remarks>SHA-256 of the columns, each prefixed by its length (null apart from empty), truncated to 64 bits.</remarks>
internal static class MadrhasUserHash
{
    public static long Of(MadrhasLine line)
    {
        string?[] values = [line.Civility, line.LastName, line.FirstName, line.Email, line.AddressLine1, line.AddressLine2,
            line.PostalCode, line.City, line.Country, line.Status.ToString()];
        var length = values.Sum(v => 2 + (v?.Length ?? 0));
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
