using System.Runtime.CompilerServices;
using ChorusAccount.Core.Structures;

namespace ChorusAccount.Core.Madrhas;

/// <summary>
/// What one import remembers across its batches, kept compact because a full extract holds a million lines:
/// per user, a fingerprint of its first line; per membership a line applied, that line; and the structures the
/// file names (about one per 50 lines), so that each is read from the database once per run.
/// </summary>
internal sealed class MadrhasRunState(DateTimeOffset now)
{
    private static readonly TimeZoneInfo _paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public DateTime Now { get; } = now.UtcDateTime;

    /// <summary>Default start date of memberships: the import date in France.</summary>
    public DateOnly Today { get; } = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, _paris).DateTime);

    /// <summary>First applied line of each user, to check that its later lines agree. A user found here is not applied again.</summary>
    public Dictionary<string, UserFingerprint> Users { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Memberships the file's lines applied (created, updated or found as they are, MADRHAS or portal), with that line:
    /// a second line for the same user and structure finds its membership here. The MADRHAS ones not here end after a full extract.
    /// </summary>
    public Dictionary<Guid, int> Memberships { get; } = [];

    /// <summary>Every structure a line named so far, found in the database or created by this run.</summary>
    public Dictionary<(StructureIdentifierType Type, string Identifier), RunStructure> Structures { get; } = [];

    /// <summary>Users with a rejected line: the full extract's end pass leaves their memberships alone.</summary>
    public HashSet<string> RejectedLogins { get; } = new(StringComparer.Ordinal);

    /// <summary>Sizes the per-line tables once for the lines the file is expected to hold: growing a table of a million entries copies it and holds both copies at once.</summary>
    public void ExpectLines(int lines)
    {
        Users.EnsureCapacity(lines);
        Memberships.EnsureCapacity(lines);
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

    /// <summary>The primary manager this file named, and its line.</summary>
    public (string Login, int LineNumber)? FilePrimaryManager { get; set; }
}

/// <summary>A user's first applied line, in 24 bytes: enough to tell whether a later line agrees, and which columns differ.</summary>
/// <remarks>
/// <see cref="MadrhasUserHash.OfAgreement"/> decides (the email ignoring case), the same in every process, so a verdict
/// never varies; one byte of each column's string hash code names the differing ones (the run state never leaves its process).
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

    public static UserFingerprint Of(MadrhasLine line) => new(line.LineNumber, MadrhasUserHash.OfAgreement(line), ColumnsOf(line));

    /// <summary>Whether the line has the same user columns; if not, those found different (possibly none named, rarely).</summary>
    public bool Agrees(MadrhasLine line, out IReadOnlyList<string> differing)
    {
        differing = [];
        if (MadrhasUserHash.OfAgreement(line) == _hash)
        {
            return true;
        }

        var columns = ColumnsOf(line);
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

    // One byte of each column's string hash: it only names the columns that differ once the agreement hash said they do.
    // The run state lives in one process, where a string's hash code is stable.
    private static ColumnBytes ColumnsOf(MadrhasLine line)
    {
        var columns = new ColumnBytes();
        var values = MadrhasUserHash.Values(line, line.Email.ToUpperInvariant());
        for (var c = 0; c < values.Length; c++)
        {
            columns[c] = (byte)(values[c]?.GetHashCode(StringComparison.Ordinal) ?? 0);
        }

        return columns;
    }

    [InlineArray(10)]
    private struct ColumnBytes
    {
        private byte _element;
    }
}
