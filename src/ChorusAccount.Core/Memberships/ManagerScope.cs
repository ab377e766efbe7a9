using ChorusAccount.Core.Data;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Core.Subscriptions;
using Microsoft.EntityFrameworkCore;

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

    /// <summary>Every manager of the structure (but the requester) hears of a new request in its next daily digest.</summary>
    public static async Task AnnounceRequestAsync(
        ChorusAccountDbContext db, Guid structureId, string? serviceCode, Guid requesterId, DateTime now, CancellationToken ct)
    {
        var managerIds = await ManagerIds(db, structureId).Where(id => id != requesterId).ToListAsync(ct);
        db.NotificationEvents.AddRange(managerIds.Select(id => new NotificationEvent
        {
            Kind = NotificationEventKind.PendingRequest,
            RecipientUserId = id,
            StructureId = structureId,
            ServiceCode = serviceCode,
            OccurredAt = now,
            CreatedAt = now,
        }));
    }

    private static IQueryable<SpaceLine> Holders(ChorusAccountDbContext db) =>
        SpaceLines.Active(db).Where(l => l.SpaceId == _managerActivities
            && db.Memberships.Any(m => m.UserId == l.UserId && m.StructureId == l.StructureId && m.Status == MembershipStatus.Active
                && (m.Role == MembershipRole.PrimaryManager || m.Role == MembershipRole.SecondaryManager)));
}
