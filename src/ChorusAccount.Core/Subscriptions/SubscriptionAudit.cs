using ChorusAccount.Core.Auditing;

namespace ChorusAccount.Core.Subscriptions;

/// <summary>The history lines of subscription changes: the triplet (space by its code), then what changed.</summary>
public static class SubscriptionAudit
{
    public const string RequestedAction = "SubscriptionRequested";
    public const string RestoredAction = "SubscriptionRestored";
    public const string ApprovedAction = "SubscriptionApproved";
    public const string RefusedAction = "SubscriptionRefused";
    public const string WithdrawnAction = "SubscriptionWithdrawn";
    public const string DeletedAction = "SubscriptionDeleted";

    public static readonly string[] Actions = [RequestedAction, RestoredAction, ApprovedAction, RefusedAction, WithdrawnAction, DeletedAction];

    /// <summary>One history line: the triplet as context (a whole-structure line names no service), then the status change.</summary>
    public static AuditEntry Entry(
        Guid userId, string actor, DateTime at, string action, SubscriptionTriplet triplet, SubscriptionStatus? from, SubscriptionStatus? to, params FieldChange[] changes)
    {
        var entry = new AuditEntry { UserId = userId, Actor = actor, At = at, Action = action };
        entry.Changes.Add(new FieldChange("Structure", triplet.StructureName, triplet.StructureName));
        if (triplet.ServiceLabel is { } service)
        {
            entry.Changes.Add(new FieldChange("Service", service, service));
        }

        entry.Changes.Add(new FieldChange("Space", triplet.SpaceCode, triplet.SpaceCode));
        entry.Changes.AddRange(changes);
        entry.Changes.Add(new FieldChange(StatusField, from?.ToString(), to?.ToString()));
        return entry;
    }

    /// <summary>The audited field of a subscription's status (memberships use « Status » with their own values).</summary>
    public const string StatusField = "SubscriptionStatus";
}

/// <summary>A subscription line as the history names it.</summary>
public sealed record SubscriptionTriplet(string StructureName, string? ServiceLabel, string SpaceCode)
{
    public static SubscriptionTriplet Of(SubscriptionRow row) => new(row.StructureName, row.ServiceLabel, row.SpaceCode);
}
