using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Structures;

namespace ChorusAccount.Core.Memberships;

/// <summary>A user's membership (rattachement) to a structure, whole or to some of its services.</summary>
public sealed class Membership : IVersioned
{
    public Guid Id { get; set; } = NewId.Sequential();
    public Guid UserId { get; set; }
    public User? User { get; set; }
    public Guid StructureId { get; set; }
    public Structure? Structure { get; set; }

    public MembershipRole Role { get; set; } = MembershipRole.Member;
    public MembershipStatus Status { get; set; } = MembershipStatus.Pending;
    public MembershipOrigin Origin { get; set; } = MembershipOrigin.Portal;

    /// <summary>« Rattacher à la structure »: the whole structure rather than some services.</summary>
    public bool WholeStructure { get; set; } = true;

    /// <summary>« Début de validité »: the membership grants from this Paris day on (<see cref="AccessRules.InForce"/>).</summary>
    public DateOnly StartDate { get; set; }

    /// <summary>« Fin de validité »: the last Paris day it grants; the day after, <see cref="ExpireMemberships"/> ends it.</summary>
    public DateOnly? EndDate { get; set; }

    /// <summary>
    /// The end date the user and the structure's managers were told about (« prend fin le … », <see cref="ExpireMemberships"/>):
    /// each end date is announced once; a new end date is announced again.
    /// </summary>
    public DateOnly? EndAnnouncedFor { get; set; }

    public DateTime RequestedAt { get; set; }
    public DateTime? DecidedAt { get; set; }
    public Guid? DecidedByUserId { get; set; }
    public string? RefusalReason { get; set; }

    /// <summary>When the deciders of a pending request last read a reminder of it in their digest (<see cref="FollowUpPendingRequests"/>).</summary>
    public DateTime? RemindedAt { get; set; }

    /// <summary>The request form's own key: the same form posted twice (a double click on « Valider ») is one request.</summary>
    public Guid? RequestKey { get; set; }

    public Guid Version { get; set; } = NewId.Random();

    /// <summary>
    /// For a membership of MADRHAS origin, the hash of the record last applied to it (<c>MadrhasMembershipHash</c>): a
    /// record that hashes the same leaves the membership as the portal has it (docs/MADRHAS-FORMAT.md, ADR-015). Null for
    /// a portal membership, and for one the import ended because a full extract no longer listed it.
    /// </summary>
    public long? MadrhasRecordHash { get; set; }

    /// <summary>
    /// The role the last applied MADRHAS record gave. The role it holds can differ (a handover in the portal); a later record
    /// changes the role only when it names another role than this one, and MADRHAS hands over only a primary manager it named.
    /// </summary>
    public MembershipRole? MadrhasRole { get; set; }

    public List<MembershipService> Services { get; set; } = [];
}

/// <summary>A service a membership is limited to.</summary>
public sealed class MembershipService
{
    public Guid MembershipId { get; set; }
    public Guid ServiceUnitId { get; set; }
    public ServiceUnit? ServiceUnit { get; set; }
}

public enum MembershipRole
{
    Member = 1,
    SecondaryManager = 2,
    PrimaryManager = 3,
}

public enum MembershipStatus
{
    Pending = 1,
    Active = 2,
    Refused = 3,
    Ended = 4,

    /// <summary>A request nobody decided within <see cref="PendingRequestRules.ExpireAfterDays"/> days (<see cref="FollowUpPendingRequests"/>).</summary>
    Expired = 5,
}

public enum MembershipOrigin
{
    Madrhas = 1,
    Portal = 2,
}
