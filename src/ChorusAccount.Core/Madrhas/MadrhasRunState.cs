using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ChorusAccount.Core.Structures;

namespace ChorusAccount.Core.Madrhas;

/// <summary>
/// What one import remembers across its batches, kept compact because a full extract holds a million records:
/// per user, a fingerprint of its first record; per membership a record applied, that record; and the structures the
/// file names (about one per 50 records), so that each is read from the database once per run.
/// </summary>
internal sealed class MadrhasRunState(DateTimeOffset now)
{
    private static readonly TimeZoneInfo _paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public DateTime Now { get; } = now.UtcDateTime;

    /// <summary>Default start date of memberships: the import date in France.</summary>
    public DateOnly Today { get; } = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, _paris).DateTime);

    /// <summary>
    /// First applied record of each user, by <see cref="UserKey"/>, to check that its later records agree. A user found here
    /// is not applied again.
    /// </summary>
    public Dictionary<UInt128, UserFingerprint> Users { get; } = [];

    /// <summary>
    /// Memberships the file's records applied (created, updated or found as they are, MADRHAS or portal), with that record:
    /// a second record for the same user and structure finds its membership here. The MADRHAS ones not here end after a full extract.
    /// </summary>
    public Dictionary<Guid, int> Memberships { get; } = [];

    /// <summary>Every structure a record named so far, found in the database or created by this run.</summary>
    public Dictionary<(StructureIdentifierType Type, string Identifier), RunStructure> Structures { get; } = [];

    /// <summary>Users with a rejected record: the full extract's end pass leaves their memberships alone.</summary>
    public HashSet<string> RejectedLogins { get; } = new(StringComparer.Ordinal);

    /// <summary>Records read, and rejected, already told to <see cref="PortalMetrics"/> (those of the committed batches).</summary>
    public int CountedRecordsRead { get; set; }

    /// <inheritdoc cref="CountedRecordsRead"/>
    public int CountedRecordsRejected { get; set; }

    /// <summary>Rows the run had created when it last refreshed the planner's statistics (<c>MadrhasImporter.RefreshStatisticsAsync</c>).</summary>
    public int RowsCreatedAtStatistics { get; set; }

    /// <summary>Sizes the per-record tables once for the records the file is expected to hold: growing a table of a million entries copies it and holds both copies at once.</summary>
    public void ExpectLines(int records)
    {
        Users.EnsureCapacity(records);
        Memberships.EnsureCapacity(records);
    }

    /// <summary>
    /// The key a user is known by in <see cref="Users"/>: the 128-bit XXH3 hash of its login (UTF-16), the same in every
    /// process. Keyed by the login itself, the run kept every login of the file as a string (about 50 bytes each more than
    /// the key: 40 MB for a million users). Two distinct logins share a key by chance once in about 10^38 pairs (a million
    /// logins: once in 10^26 files); the logins come from the DGFiP's referential, not from the portal's users. SHA-256
    /// was measured too: the same memory, a re-import about 10 % slower.
    /// </summary>
    public static UInt128 UserKey(string login)
    {
        return XxHash128.HashToUInt128(MemoryMarshal.AsBytes(login.AsSpan()));
    }

    public RunStructure AddStructure(StructureIdentifierType type, string identifier, Guid id)
    {
        var structure = new RunStructure(id);
        Structures.Add((type, identifier), structure);
        return structure;
    }
}

/// <summary>A structure as the run knows it: its id, its service codes, and the primary manager the file gave it.</summary>
/// <remarks>
/// Structures and services are only ever added during a run (by this import or the structure directory), so what is
/// kept stays true. Who is primary manager can change in the portal meanwhile: it is read again for each batch that names one.
/// </remarks>
internal sealed class RunStructure(Guid id)
{
    public Guid Id { get; } = id;

    public Dictionary<string, Guid> Services { get; } = new(StringComparer.Ordinal);

    /// <summary>The primary manager this file named, and its record.</summary>
    public (string Login, int LineNumber)? FilePrimaryManager { get; set; }
}

/// <summary>A user's first applied record, in 24 bytes: enough to tell whether a later record agrees, and which columns differ.</summary>
/// <remarks>
/// <see cref="MadrhasUserHash.OfAgreement"/> decides (the email ignoring case), the same in every process, so a verdict
/// never varies; one byte of each column's hash names the differing ones, the same bytes in every process.
/// </remarks>
internal readonly struct UserFingerprint
{
    private readonly long _hash;
    private readonly ColumnBytes _columns;

    private UserFingerprint(int lineNumber, long hash, ColumnBytes columns)
    {
        LineNumber = lineNumber;
        _hash = hash;
        _columns = columns;
    }

    public int LineNumber { get; }

    public static UserFingerprint Of(MadrhasValidRecord record) => new(record.LineNumber, MadrhasUserHash.OfAgreement(record), ColumnsOf(record));

    /// <summary>Whether the record has the same user columns; if not, those found different (possibly none named, rarely).</summary>
    public bool Agrees(MadrhasValidRecord record, out IReadOnlyList<string> differing)
    {
        differing = [];
        if (MadrhasUserHash.OfAgreement(record) == _hash)
        {
            return true;
        }

        var columns = ColumnsOf(record);
        var names = new List<string>();
        for (var c = 0; c < MadrhasUserHash.Columns.Count; c++)
        {
            if (_columns[c] != columns[c])
            {
                names.Add(MadrhasUserHash.Columns[c]);
            }
        }

        differing = names;
        return false;
    }

    // One byte of each column's hash: it only names the columns that differ once the agreement hash said they do. The hash
    // is the same in every process (not string.GetHashCode, seeded per process), so the same two records always name the
    // same columns; two different values of a column share their byte once in 256.
    private static ColumnBytes ColumnsOf(MadrhasValidRecord record)
    {
        var columns = new ColumnBytes();
        var values = MadrhasUserHash.Values(record, record.Email.ToUpperInvariant());
        for (var c = 0; c < values.Length; c++)
        {
            columns[c] = ByteOf(values[c]);
        }

        return columns;
    }

    // FNV-1a over the UTF-16 code units, folded to one byte.
    private static byte ByteOf(string? value)
    {
        if (value is null)
        {
            return 0;
        }

        var hash = 2166136261u;
        foreach (var unit in value)
        {
            hash = (hash ^ unit) * 16777619u;
        }

        return (byte)(hash ^ (hash >> 8) ^ (hash >> 16) ^ (hash >> 24));
    }

    [InlineArray(10)]
    private struct ColumnBytes
    {
        private byte _element;
    }
}
