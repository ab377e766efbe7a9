using ChorusAccount.Core.Data;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Core.Subscriptions;
using LinqKit;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Memberships;

/// <summary>
/// Who manages what from « Activités du gestionnaire »: a membership in force with a manager role
/// (<see cref="AccessRules.ManagerRole"/>), and that space held for the structure (<see cref="SpaceLines"/>). A manager
/// who removed the line no longer manages the structure from there. Each rule takes the day: managers are managers while
/// their membership is in force (<see cref="AccessRules.InForce"/>).
/// </summary>
public static class StructureManagers
{
    private static readonly int _managerActivities = SpaceCatalog.IdOf(SpaceCatalog.ManagerActivities);

    /// <summary>The structures the user manages.</summary>
    public static IQueryable<Guid> StructureIds(ChorusAccountDbContext db, Guid userId, DateOnly today) =>
        Managing(db, SpaceLines.OfUser(db, userId, today), today).Select(h => h.StructureId);

    /// <summary>Whether the user manages any structure: <see cref="StructureIds"/> is not empty.</summary>
    public static Task<bool> ManagesAnyAsync(ChorusAccountDbContext db, Guid userId, DateOnly today, CancellationToken ct) =>
        StructureIds(db, userId, today).AnyAsync(ct);

    /// <summary>The users who manage the structure: those who hear of its new requests and may decide them.</summary>
    public static IQueryable<Guid> ManagerIds(ChorusAccountDbContext db, Guid structureId, DateOnly today) =>
        Managing(db, SpaceLines.Active(db, today), today).Where(h => h.StructureId == structureId).Select(h => h.UserId).Distinct();

    /// <summary>The managers of several structures at once: <see cref="ManagerIds"/> as structure – user pairs.</summary>
    public static IQueryable<StructureManager> ManagerPairs(ChorusAccountDbContext db, IReadOnlyCollection<Guid> structureIds, DateOnly today)
    {
        var ids = structureIds.ToArray();
        return Managing(db, SpaceLines.Active(db, today), today).Where(h => EF.Parameter(ids).Contains(h.StructureId))
            .Select(h => new StructureManager { StructureId = h.StructureId, UserId = h.UserId }).Distinct();
    }

    /// <summary>Every manager of the structure (but the requester) hears of a new request in its next daily digest.</summary>
    public static async Task AnnounceRequestAsync(
        ChorusAccountDbContext db, Guid structureId, string? serviceCode, Guid requesterId, DateTime now, CancellationToken ct)
    {
        var managerIds = await ManagerIds(db, structureId, ParisDate.OfUtc(now)).Where(id => id != requesterId).ToListAsync(ct);
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

    private static IQueryable<SpaceLine> Managing(ChorusAccountDbContext db, IQueryable<SpaceLine> lines, DateOnly today)
    {
        var inForce = AccessRules.InForce(today);
        return lines.Where(l => l.SpaceId == _managerActivities
            && db.Memberships.Any(m => m.UserId == l.UserId && m.StructureId == l.StructureId
                && inForce.Invoke(m) && AccessRules.ManagerRole.Invoke(m.Role)));
    }
}

/// <summary>A manager of a structure (<see cref="StructureManagers.ManagerPairs"/>).</summary>
public sealed class StructureManager
{
    public Guid StructureId { get; init; }
    public Guid UserId { get; init; }
}
