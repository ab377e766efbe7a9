using ChorusAccount.Core.Structures;

namespace ChorusAccount.Core.Madrhas;

/// <summary>
/// What one import remembers across its batches, kept compact because a full extract holds a million lines:
/// per user, only a hash of each user column; per membership, its ids.
/// </summary>
internal sealed class MadrhasRunState(DateTimeOffset now)
{
    private static readonly TimeZoneInfo _paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public DateTime Now { get; } = now.UtcDateTime;

    /// <summary>Default start date of memberships: the import date in France.</summary>
    public DateOnly Today { get; } = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, _paris).DateTime);

    /// <summary>First applied line of each user, to check that its later lines agree.</summary>
    public Dictionary<string, UserFingerprint> Users { get; } = new(StringComparer.Ordinal);

    /// <summary>User × structure pairs applied, with their line, to reject a second line for the same pair.</summary>
    public Dictionary<(Guid UserId, Guid StructureId), int> Pairs { get; } = [];

    /// <summary>The primary manager each structure got from this file, and its line.</summary>
    public Dictionary<(StructureIdentifierType Type, string Identifier), (string Login, int LineNumber)> PrimaryManagers { get; } = [];

    /// <summary>MADRHAS memberships the file confirmed: the others end after a full extract.</summary>
    public HashSet<Guid> SeenMemberships { get; } = [];

    /// <summary>Users with a rejected line: the full extract's end pass leaves their memberships alone.</summary>
    public HashSet<string> RejectedLogins { get; } = new(StringComparer.Ordinal);
}

/// <summary>Per-column hashes of a user's first line: enough to name the columns a later line changes.</summary>
/// <remarks>Hashes rather than values keep a million users in tens of megabytes; a collision would only miss a disagreement.</remarks>
internal readonly record struct UserFingerprint(int LineNumber, int Civility, int LastName, int FirstName, int Email,
    int AddressLine1, int AddressLine2, int PostalCode, int City, int Country, int Status)
{
    public static UserFingerprint Of(MadrhasLine line) => new(
        line.LineNumber, Hash(line.Civility), Hash(line.LastName), Hash(line.FirstName),
        // Mail domains and, in practice, local parts are case-insensitive.
        line.Email.GetHashCode(StringComparison.OrdinalIgnoreCase),
        Hash(line.AddressLine1), Hash(line.AddressLine2), Hash(line.PostalCode), Hash(line.City), Hash(line.Country), (int)line.Status);

    public IReadOnlyList<string> DifferingColumns(MadrhasLine line)
    {
        var other = Of(line);
        var differing = new List<string>();
        Add(Civility != other.Civility, MadrhasColumns.Civility);
        Add(LastName != other.LastName, MadrhasColumns.LastName);
        Add(FirstName != other.FirstName, MadrhasColumns.FirstName);
        Add(Email != other.Email, MadrhasColumns.Email);
        Add(AddressLine1 != other.AddressLine1, MadrhasColumns.AddressLine1);
        Add(AddressLine2 != other.AddressLine2, MadrhasColumns.AddressLine2);
        Add(PostalCode != other.PostalCode, MadrhasColumns.PostalCode);
        Add(City != other.City, MadrhasColumns.City);
        Add(Country != other.Country, MadrhasColumns.Country);
        Add(Status != other.Status, MadrhasColumns.Status);
        return differing;

        void Add(bool differs, string column)
        {
            if (differs)
            {
                differing.Add(column);
            }
        }
    }

    private static int Hash(string? value) => value?.GetHashCode(StringComparison.Ordinal) ?? 0;
}
