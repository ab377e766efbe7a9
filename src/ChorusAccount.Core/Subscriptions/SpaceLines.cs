using ChorusAccount.Core.Data;
using ChorusAccount.Core.Memberships;
using LinqKit;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Subscriptions;

/// <summary>
/// Who holds which space, as one query. Default lines are derived from the memberships in force: each gives its
/// structure (or each of its services) every space granted by default to its role (<see cref="AccessRules.GrantedByDefault"/>),
/// minus the lines the user withdrew. A validated request counts while a membership in force still covers its structure
/// and service (<see cref="AccessRules.Covers"/>). So a default line comes with the membership and goes with it, or with
/// the role that granted it, without anything to keep in step: the MADRHAS import, a manager's decision and a handover
/// change memberships only. <see cref="Active"/> (every user) and <see cref="OfUser"/> (one user) are the same rule.
/// Each takes the day (<see cref="ParisDate.Today"/>): a membership grants from its start date to its end date included
/// (<see cref="AccessRules.InForce"/>).
/// </summary>
public static class SpaceLines
{
    /// <summary>The mode of a default line.</summary>
    public const SubscriptionMode DefaultMode = SubscriptionMode.Modification;

    /// <summary>Every line of every user; filter it by structure or space before reading.</summary>
    public static IQueryable<SpaceLine> Active(ChorusAccountDbContext db, DateOnly today) => Held(db, db.Memberships, db.Subscriptions, today);

    /// <summary>The lines of one user: <see cref="Active"/> over the user's own rows.</summary>
    public static IQueryable<SpaceLine> OfUser(ChorusAccountDbContext db, Guid userId, DateOnly today) =>
        Held(db, db.Memberships.Where(m => m.UserId == userId), db.Subscriptions.Where(s => s.UserId == userId), today);

    /// <summary>
    /// The spaces the user holds (<see cref="OfUser"/>), each once whatever the number of its lines, in the catalogue's
    /// order. Only the space ids are read.
    /// </summary>
    public static async Task<IReadOnlyList<Space>> SpacesOfUserAsync(ChorusAccountDbContext db, Guid userId, DateOnly today, CancellationToken ct)
    {
        var ids = await _spacesOfUser.ToListAsync(db, userId, today, ct);
        return [.. ids.Select(id => SpaceCatalog.ById[id]).OrderBy(s => s.SortOrder)];
    }

    // The ids of the spaces held, compiled once (CompiledUserQuery): the home page reads them at every visit.
    private static readonly CompiledUserQuery<int> _spacesOfUser = new((db, userId, today) => OfUser(db, userId, today).Select(l => l.SpaceId).Distinct());

    /// <summary>
    /// The default lines of one user: the part of <see cref="OfUser"/> its memberships in force grant without a request.
    /// </summary>
    public static IQueryable<SpaceLine> DefaultsOfUser(ChorusAccountDbContext db, Guid userId, DateOnly today) =>
        Defaults(db, db.Memberships.Where(m => m.UserId == userId), db.Subscriptions.Where(s => s.UserId == userId), today);

    /// <summary>
    /// The stored rows a membership in force of their user still covers. Rows outside this set count for nothing
    /// (see <see cref="Active"/>).
    /// </summary>
    public static IQueryable<Subscription> Covered(ChorusAccountDbContext db, DateOnly today) => Covered(db, db.Subscriptions, today);

    /// <summary><see cref="Covered(ChorusAccountDbContext, DateOnly)"/> for one user's rows.</summary>
    public static IQueryable<Subscription> CoveredOfUser(ChorusAccountDbContext db, Guid userId, DateOnly today) =>
        Covered(db, db.Subscriptions.Where(s => s.UserId == userId), today);

    /// <summary>
    /// The users who see a structure's events in a space: whole-structure lines always, service lines when the
    /// event names that service. An event without a service reaches whole-structure lines only.
    /// </summary>
    public static IQueryable<Guid> Holders(ChorusAccountDbContext db, Guid structureId, Guid? serviceUnitId, int spaceId, DateOnly today) =>
        Active(db, today)
            .Where(l => l.StructureId == structureId && l.SpaceId == spaceId
                && (l.ServiceUnitId == null || (serviceUnitId != null && l.ServiceUnitId == serviceUnitId)))
            .Select(l => l.UserId)
            .Distinct();

    private static IQueryable<Subscription> Covered(ChorusAccountDbContext db, IQueryable<Subscription> subscriptions, DateOnly today)
    {
        var inForce = AccessRules.InForce(today);
        return subscriptions.Where(s => db.Memberships.Any(m => m.UserId == s.UserId && m.StructureId == s.StructureId
            && inForce.Invoke(m) && AccessRules.Covers.Invoke(m, s.ServiceUnitId)));
    }

    private static IQueryable<SpaceLine> Held(ChorusAccountDbContext db, IQueryable<Membership> memberships, IQueryable<Subscription> subscriptions, DateOnly today) =>
        Defaults(db, memberships, subscriptions, today).Concat(
            from s in Covered(db, subscriptions, today)
            where s.Status == SubscriptionStatus.Active
            select new SpaceLine
            {
                UserId = s.UserId,
                StructureId = s.StructureId,
                ServiceUnitId = s.ServiceUnitId,
                SpaceId = s.SpaceId,
                Mode = s.Mode,
                IsDefault = false,
                SubscriptionId = s.Id,
            });

    private static IQueryable<SpaceLine> Defaults(ChorusAccountDbContext db, IQueryable<Membership> memberships, IQueryable<Subscription> subscriptions, DateOnly today)
    {
        var inForce = AccessRules.InForce(today);
        var wholeStructureDefaults =
            from m in memberships
            where m.WholeStructure && inForce.Invoke(m)
            from space in db.Spaces
            where AccessRules.GrantedByDefault.Invoke(space, m.Role)
            where !subscriptions.Any(w => w.Status == SubscriptionStatus.Withdrawn && w.UserId == m.UserId
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
            from m in memberships
            where !m.WholeStructure && inForce.Invoke(m)
            from ms in m.Services
            from space in db.Spaces
            where AccessRules.GrantedByDefault.Invoke(space, m.Role)
            where !subscriptions.Any(w => w.Status == SubscriptionStatus.Withdrawn && w.UserId == m.UserId
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

        return wholeStructureDefaults.Concat(serviceDefaults);
    }
}
