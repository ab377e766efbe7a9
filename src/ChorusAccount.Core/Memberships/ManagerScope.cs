using ChorusAccount.Core.Data;
using ChorusAccount.Core.Subscriptions;

namespace ChorusAccount.Core.Memberships;

/// <summary>
/// Who manages what from « Activités du gestionnaire »: an active primary or secondary manager membership, and that
/// space held for the structure. A manager who removed the line no longer manages the structure from there.
/// </summary>
public static class ManagerScope
{
    private static readonly int _managerActivities = SpaceCatalog.IdOf(SpaceCatalog.ManagerActivities);

    /// <summary>The structures the user manages.</summary>
    public static IQueryable<Guid> StructureIds(ChorusAccountDbContext db, Guid userId) =>
        Holders(db).Where(h => h.UserId == userId).Select(h => h.StructureId);

    /// <summary>The users who manage the structure: those who hear of its new requests and may decide them.</summary>
    public static IQueryable<Guid> ManagerIds(ChorusAccountDbContext db, Guid structureId) =>
        Holders(db).Where(h => h.StructureId == structureId).Select(h => h.UserId).Distinct();

    private static IQueryable<SpaceLine> Holders(ChorusAccountDbContext db) =>
        SpaceLines.Active(db).Where(l => l.SpaceId == _managerActivities
            && db.Memberships.Any(m => m.UserId == l.UserId && m.StructureId == l.StructureId && m.Status == MembershipStatus.Active
                && (m.Role == MembershipRole.PrimaryManager || m.Role == MembershipRole.SecondaryManager)));
}
