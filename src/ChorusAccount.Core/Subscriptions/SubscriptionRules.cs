using ChorusAccount.Core.Memberships;

namespace ChorusAccount.Core.Subscriptions;

/// <summary>What a user asks for in « Ajouter un abonnement »: a structure, a service or the whole structure (null), a space, a mode.</summary>
public sealed record SubscriptionRequest(Guid StructureId, Guid? ServiceUnitId, int SpaceId, SubscriptionMode Mode);

/// <summary>A service – space pair of the structure the user already holds or has pending.</summary>
public sealed record TakenLine(Guid? ServiceUnitId, int SpaceId);

public enum SubscriptionRefusal
{
    NotAttached,
    ServiceRequired,
    UnknownService,
    UnknownSpace,
    NotRequestable,
    Duplicate,
}

/// <summary>What a request becomes: refused, a pending request for the managers, or a withdrawn default line given back.</summary>
public sealed record SubscriptionCheck(SubscriptionRefusal? Refusal, bool RestoresDefault)
{
    public static readonly SubscriptionCheck Pending = new(null, false);
    public static readonly SubscriptionCheck Restore = new(null, true);

    public static SubscriptionCheck Refused(SubscriptionRefusal refusal) => new(refusal, false);
}

/// <summary>The rules of a space subscription request, free of any storage.</summary>
public static class SubscriptionRules
{
    /// <summary>
    /// Checks one request against the requester's memberships to the structure (with their services; only those in force
    /// on <paramref name="today"/> count, <see cref="AccessRules.InForce"/>), the structure's active services, the lines
    /// already held or pending on it, and the default lines the requester withdrew there.
    /// </summary>
    public static SubscriptionCheck Check(
        SubscriptionRequest request,
        Space? space,
        IReadOnlyCollection<Membership> memberships,
        DateOnly today,
        IReadOnlySet<Guid> activeServiceIds,
        IReadOnlyCollection<TakenLine> taken,
        IReadOnlyCollection<TakenLine> withdrawn)
    {
        memberships = InForce(memberships, today);
        if (memberships.Count == 0)
        {
            return SubscriptionCheck.Refused(SubscriptionRefusal.NotAttached);
        }

        if (CheckService(request.ServiceUnitId, memberships, today, activeServiceIds) is { } serviceRefusal)
        {
            return SubscriptionCheck.Refused(serviceRefusal);
        }

        if (space is null)
        {
            return SubscriptionCheck.Refused(SubscriptionRefusal.UnknownSpace);
        }

        // « Mon compte » is every user's and is never asked for.
        if (space.Code == SpaceCatalog.MyAccount)
        {
            return SubscriptionCheck.Refused(SubscriptionRefusal.NotRequestable);
        }

        var line = new TakenLine(request.ServiceUnitId, space.Id);
        var grantedHere = memberships.Any(m => AccessRules.Compiled.GrantsDefaultsOn(m, request.ServiceUnitId) && AccessRules.Compiled.GrantedByDefault(space, m.Role));
        if (grantedHere && withdrawn.Contains(line))
        {
            return SubscriptionCheck.Restore;
        }

        // A whole-structure line already reaches every service of the structure.
        if (taken.Contains(line) || taken.Contains(line with { ServiceUnitId = null }))
        {
            return SubscriptionCheck.Refused(SubscriptionRefusal.Duplicate);
        }

        // « Activités du gestionnaire » comes with the manager's role, it is not granted on request.
        return space.ManagersOnly ? SubscriptionCheck.Refused(SubscriptionRefusal.NotRequestable) : SubscriptionCheck.Pending;
    }

    /// <summary>
    /// Null when the service (or the whole structure) may carry a line (<see cref="AccessRules.Covers"/>): the whole
    /// structure needs a membership in force to the whole structure; a service must be active and covered by a membership in force.
    /// </summary>
    public static SubscriptionRefusal? CheckService(Guid? serviceUnitId, IReadOnlyCollection<Membership> memberships, DateOnly today, IReadOnlySet<Guid> activeServiceIds)
    {
        memberships = InForce(memberships, today);
        if (serviceUnitId is null)
        {
            return memberships.Any(m => AccessRules.Compiled.Covers(m, null)) ? null : SubscriptionRefusal.ServiceRequired;
        }

        return activeServiceIds.Contains(serviceUnitId.Value) && memberships.Any(m => AccessRules.Compiled.Covers(m, serviceUnitId)) ? null : SubscriptionRefusal.UnknownService;
    }

    private static IReadOnlyCollection<Membership> InForce(IReadOnlyCollection<Membership> memberships, DateOnly today) =>
        memberships.All(m => AccessRules.Compiled.InForce(m, today)) ? memberships : [.. memberships.Where(m => AccessRules.Compiled.InForce(m, today))];
}
