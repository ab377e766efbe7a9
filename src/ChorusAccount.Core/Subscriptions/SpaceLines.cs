using ChorusAccount.Core.Data;
using ChorusAccount.Core.Memberships;

namespace ChorusAccount.Core.Subscriptions;

/// <summary>One active structure – service – space line held by a user. A null service is the whole structure.</summary>
public sealed class SpaceLine
{
    public Guid UserId { get; init; }
    public Guid StructureId { get; init; }
    public Guid? ServiceUnitId { get; init; }
    public int SpaceId { get; init; }
    public SubscriptionMode Mode { get; init; }

    /// <summary>Granted by an active attachment, without validation.</summary>
    public bool IsDefault { get; init; }

    /// <summary>The stored request for a validated line; null for a default line.</summary>
    public Guid? SubscriptionId { get; init; }
}

/// <summary>
/// Who holds which space, as one query. Default lines are derived from active attachments: each active attachment
/// gives its structure (or each of its services) every default space, managers-only ones to managers only, minus the
/// lines the user withdrew. A validated request counts while an active attachment still covers its structure and
/// service. So a default line comes with the attachment and goes with it, or with the role that granted it, without
/// anything to keep in step: the MADRHAS import, a manager's decision and a handover change memberships only.
/// </summary>
public static class SpaceLines
{
    /// <summary>The mode of a default line.</summary>
    public const SubscriptionMode DefaultMode = SubscriptionMode.Modification;

    /// <summary>The default-grant rule for one space and one role.</summary>
    public static bool GrantsByDefault(Space space, MembershipRole role) =>
        space.IsDefault && (!space.ManagersOnly || role is MembershipRole.PrimaryManager or MembershipRole.SecondaryManager);

    /// <summary>Every active line of every user; filter it by user, structure or space before reading.</summary>
    public static IQueryable<SpaceLine> Active(ChorusAccountDbContext db)
    {
        var wholeStructureDefaults =
            from m in db.Memberships
            where m.Status == MembershipStatus.Active && m.WholeStructure
            from space in db.Spaces
            where space.IsDefault && (!space.ManagersOnly || m.Role == MembershipRole.PrimaryManager || m.Role == MembershipRole.SecondaryManager)
            where !db.Subscriptions.Any(w => w.Status == SubscriptionStatus.Withdrawn && w.UserId == m.UserId
                && w.StructureId == m.StructureId && w.ServiceUnitId == null && w.SpaceId == space.Id)
            select new SpaceLine
            {
                UserId = m.UserId,
                StructureId = m.StructureId,
                ServiceUnitId = null,
                SpaceId = space.Id,
                Mode = DefaultMode,
                IsDefault = true,
                SubscriptionId = null,
            };

        var serviceDefaults =
            from ms in db.MembershipServices
            join m in db.Memberships on ms.MembershipId equals m.Id
            where m.Status == MembershipStatus.Active && !m.WholeStructure
            from space in db.Spaces
            where space.IsDefault && (!space.ManagersOnly || m.Role == MembershipRole.PrimaryManager || m.Role == MembershipRole.SecondaryManager)
            where !db.Subscriptions.Any(w => w.Status == SubscriptionStatus.Withdrawn && w.UserId == m.UserId
                && w.StructureId == m.StructureId && w.ServiceUnitId == ms.ServiceUnitId && w.SpaceId == space.Id)
            select new SpaceLine
            {
                UserId = m.UserId,
                StructureId = m.StructureId,
                ServiceUnitId = ms.ServiceUnitId,
                SpaceId = space.Id,
                Mode = DefaultMode,
                IsDefault = true,
                SubscriptionId = null,
            };

        var validated =
            from s in Covered(db)
            where s.Status == SubscriptionStatus.Active && !s.IsDefault
            select new SpaceLine
            {
                UserId = s.UserId,
                StructureId = s.StructureId,
                ServiceUnitId = s.ServiceUnitId,
                SpaceId = s.SpaceId,
                Mode = s.Mode,
                IsDefault = false,
                SubscriptionId = s.Id,
            };

        return wholeStructureDefaults.Concat(serviceDefaults).Concat(validated);
    }

    /// <summary>
    /// <see cref="Active"/> for one user, from rows already read: the user's active attachments (structure and scope)
    /// and all its stored subscription rows. The same rule in memory, held to the query by <c>SpaceLinesTests</c>;
    /// « Mes abonnements » uses it so that the page compiles three short statements instead of the union.
    /// </summary>
    public static IEnumerable<SpaceLine> ActiveOf(Guid userId, IReadOnlyCollection<(Guid StructureId, AttachmentScope Scope)> attachments, IReadOnlyCollection<Subscription> stored)
    {
        var withdrawn = stored.Where(w => w.Status == SubscriptionStatus.Withdrawn).Select(w => (w.StructureId, w.ServiceUnitId, w.SpaceId)).ToHashSet();
        foreach (var (structureId, scope) in attachments)
        {
            var services = scope.WholeStructure ? [null] : scope.ServiceIds.Select(id => (Guid?)id);
            foreach (var serviceUnitId in services)
            {
                foreach (var space in SpaceCatalog.All.Where(space => GrantsByDefault(space, scope.Role)))
                {
                    if (!withdrawn.Contains((structureId, serviceUnitId, space.Id)))
                    {
                        yield return new SpaceLine { UserId = userId, StructureId = structureId, ServiceUnitId = serviceUnitId, SpaceId = space.Id, Mode = DefaultMode, IsDefault = true };
                    }
                }
            }
        }

        foreach (var row in stored.Where(r => r.Status == SubscriptionStatus.Active && !r.IsDefault && IsCovered(r, attachments)))
        {
            yield return new SpaceLine
            {
                UserId = userId,
                StructureId = row.StructureId,
                ServiceUnitId = row.ServiceUnitId,
                SpaceId = row.SpaceId,
                Mode = row.Mode,
                IsDefault = false,
                SubscriptionId = row.Id,
            };
        }
    }

    /// <summary><see cref="Covered"/> for one row of a user, from the user's active attachments.</summary>
    public static bool IsCovered(Subscription row, IReadOnlyCollection<(Guid StructureId, AttachmentScope Scope)> attachments) =>
        attachments.Any(a => a.StructureId == row.StructureId && a.Scope.Covers(row.ServiceUnitId));

    /// <summary>
    /// The stored rows an active attachment of their user still covers: the whole structure covers every service, an
    /// attachment to services covers those services. Rows outside this set count for nothing (see <see cref="Active"/>).
    /// </summary>
    public static IQueryable<Subscription> Covered(ChorusAccountDbContext db) =>
        db.Subscriptions.Where(s => db.Memberships.Any(m => m.UserId == s.UserId && m.StructureId == s.StructureId && m.Status == MembershipStatus.Active
            && (m.WholeStructure || (s.ServiceUnitId != null && m.Services.Any(x => x.ServiceUnitId == s.ServiceUnitId)))));

    /// <summary>
    /// The users who see a structure's events in a space: whole-structure lines always, service lines when the
    /// event names that service. An event without a service reaches whole-structure lines only.
    /// </summary>
    public static IQueryable<Guid> Holders(ChorusAccountDbContext db, Guid structureId, Guid? serviceUnitId, int spaceId) =>
        Active(db)
            .Where(l => l.StructureId == structureId && l.SpaceId == spaceId
                && (l.ServiceUnitId == null || (serviceUnitId != null && l.ServiceUnitId == serviceUnitId)))
            .Select(l => l.UserId)
            .Distinct();
}
