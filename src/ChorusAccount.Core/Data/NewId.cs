using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ChorusAccount.Core.Data;

/// <summary>
/// New identifiers, version tokens and stamps: the same values as <see cref="Guid.CreateVersion7()"/> and
/// <see cref="Guid.NewGuid"/> (RFC 9562 versions 7 and 4, random bits from the system's cryptographic generator), with the
/// random bytes drawn 4 KB at a time per thread. On Linux each <see cref="Guid.NewGuid"/> is a system call (getrandom,
/// about 1.7 µs on the benchmark's virtual machine, against 0.01 µs here), and the MADRHAS import creates two or three
/// per row it writes.
/// </summary>
public static class NewId
{
    private const int BufferSize = 4096;

    [ThreadStatic]
    private static byte[]? _random;

    [ThreadStatic]
    private static int _next;

    /// <summary>A version 7 identifier: its first 48 bits are the Unix time in milliseconds, so that ids of rows inserted
    /// together sort together (the primary keys' indexes), the other 74 random.</summary>
    public static Guid Sequential() => Sequential(DateTimeOffset.UtcNow);

    /// <inheritdoc cref="Sequential()"/>
    public static Guid Sequential(DateTimeOffset timestamp)
    {
        var random = Next();
        var milliseconds = timestamp.ToUnixTimeMilliseconds();
        return new Guid(
            (int)(milliseconds >> 16),
            (short)milliseconds,
            (short)((BinaryPrimitives.ReadUInt16LittleEndian(random) & 0x0FFF) | 0x7000),
            (byte)((random[2] & 0x3F) | 0x80),
            random[3], random[4], random[5], random[6], random[7], random[8], random[9]);
    }

    /// <summary>A version 4 identifier: 122 random bits (version tokens, security stamps, claim tokens).</summary>
    public static Guid Random()
    {
        var random = Next();
        return new Guid(
            BinaryPrimitives.ReadInt32LittleEndian(random),
            BinaryPrimitives.ReadInt16LittleEndian(random[4..]),
            (short)((BinaryPrimitives.ReadUInt16LittleEndian(random[6..]) & 0x0FFF) | 0x4000),
            (byte)((random[8] & 0x3F) | 0x80),
            random[9], random[10], random[11], random[12], random[13], random[14], random[15]);
    }

    // 16 random bytes, each used once.
    private static ReadOnlySpan<byte> Next()
    {
        var buffer = _random ??= new byte[BufferSize];
        if (_next == 0)
        {
            RandomNumberGenerator.Fill(buffer);
        }

        var bytes = buffer.AsSpan(_next, 16);
        _next = (_next + 16) % BufferSize;
        return bytes;
    }
}
