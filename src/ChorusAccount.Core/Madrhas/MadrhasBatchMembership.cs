using ChorusAccount.Core.Memberships;

namespace ChorusAccount.Core.Madrhas;

/// <summary>
/// A membership read (untracked) or created by the batch, with what it was read with. Most are read narrow, without an
/// entity (<see cref="MadrhasMembershipColumns"/>): a record that hashes as the one last applied changes nothing and needs no
/// more. The batch completes with its <see cref="Row"/> those it may change (their record differs, or they are ended)
/// before its records are applied.
/// </summary>
/// <remarks>A primary manager read only to be handed over has no services read: only its role is changed.</remarks>
internal sealed class MadrhasBatchMembership
{
    private readonly MadrhasMembershipColumns _read;
    private Membership? _row;

    public MadrhasBatchMembership(Membership row)
    {
        _read = MadrhasMembershipColumns.Of(row);
        Complete(row);
    }

    public MadrhasBatchMembership(MadrhasMembershipColumns read) => _read = read;

    /// <summary>The entity the batch changes and writes; only once completed (<see cref="IsComplete"/>).</summary>
    public Membership Row => _row ?? throw new InvalidOperationException($"Membership {Id} was read narrow: the batch completes it before changing it.");

    public bool IsComplete => _row is not null;

    public Guid Id => _read.Id;
    public Guid UserId => _read.UserId;
    public Guid StructureId => _read.StructureId;
    public MembershipOrigin Origin => _read.Origin;

    // What the batch can change reads from the entity once there is one.
    public MembershipRole Role => _row?.Role ?? _read.Role;
    public MembershipStatus Status => _row?.Status ?? _read.Status;
    public bool WholeStructure => _row?.WholeStructure ?? _read.WholeStructure;
    public long? MadrhasRecordHash => _row is { } row ? row.MadrhasRecordHash : _read.MadrhasRecordHash;
    public MembershipRole? MadrhasRole => _row is { } row ? row.MadrhasRole : _read.MadrhasRole;

    /// <summary>The role and version its entity was read with, checked when it is written.</summary>
    public MembershipRole ReadRole { get; private set; }

    /// <inheritdoc cref="ReadRole"/>
    public Guid ReadVersion { get; private set; }

    public bool IsNew { get; init; }
    public bool Changed { get; set; }

    /// <summary>Its user's login, known for a primary manager (to name it in a rejection).</summary>
    public string? Login { get; set; }

    /// <summary>Gives a narrow membership its entity, read in the batch's transaction; the first one given stays.</summary>
    public void Complete(Membership row)
    {
        if (_row is null)
        {
            _row = row;
            ReadRole = row.Role;
            ReadVersion = row.Version;
        }
    }
}

/// <summary>What a record is checked against, read for each membership of the batch's users: no entity, no dates, no version.</summary>
internal readonly record struct MadrhasMembershipColumns(
    Guid Id,
    Guid UserId,
    Guid StructureId,
    MembershipRole Role,
    MembershipStatus Status,
    MembershipOrigin Origin,
    bool WholeStructure,
    long? MadrhasRecordHash,
    MembershipRole? MadrhasRole)
{
    public static MadrhasMembershipColumns Of(Membership row) =>
        new(row.Id, row.UserId, row.StructureId, row.Role, row.Status, row.Origin, row.WholeStructure, row.MadrhasRecordHash, row.MadrhasRole);
}
