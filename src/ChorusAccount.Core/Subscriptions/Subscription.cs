using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Structures;

namespace ChorusAccount.Core.Subscriptions;

/// <summary>A user's subscription to a space, for one structure – service – space triplet.</summary>
public sealed class Subscription : IVersioned
{
    public Guid Id { get; set; } = NewId.Sequential();
    public Guid UserId { get; set; }
    public User? User { get; set; }
    public Guid StructureId { get; set; }
    public Structure? Structure { get; set; }

    /// <summary>Null: the whole structure.</summary>
    public Guid? ServiceUnitId { get; set; }
    public ServiceUnit? ServiceUnit { get; set; }

    public int SpaceId { get; set; }
    public Space? Space { get; set; }

    public SubscriptionMode Mode { get; set; } = SubscriptionMode.Consultation;
    public SubscriptionStatus Status { get; set; } = SubscriptionStatus.Pending;

    public DateTime RequestedAt { get; set; }
    public DateTime? DecidedAt { get; set; }
    public Guid? DecidedByUserId { get; set; }
    public string? RefusalReason { get; set; }

    /// <summary>When the deciders of a pending request last read a reminder of it in their digest (<see cref="Memberships.FollowUpPendingRequests"/>).</summary>
    public DateTime? RemindedAt { get; set; }

    public Guid Version { get; set; } = NewId.Random();
}

public enum SubscriptionMode
{
    Consultation = 1,
    Modification = 2,
}

public enum SubscriptionStatus
{
    Pending = 1,
    Active = 2,
    Refused = 3,

    /// <summary>
    /// A default line the user removed: it stays off while the membership that grants it lasts. Default lines are not
    /// stored (<see cref="SpaceLines"/> derives them); a row in this status is the only trace of one.
    /// </summary>
    Withdrawn = 4,

    /// <summary>A request nobody decided in time (<see cref="Memberships.FollowUpPendingRequests"/>).</summary>
    Expired = 5,
}
