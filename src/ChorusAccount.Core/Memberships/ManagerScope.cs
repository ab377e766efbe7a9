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

    /// <summary>
    /// Whether the user manages any structure: <see cref="StructureIds"/> for one user, written as one small query over
    /// the user's own rows, for the menu of every page (the full union of <see cref="SpaceLines.Active"/> costs more
    /// to prepare than to run). A manager line is held by default unless withdrawn (by service for an attachment to
    /// services), or by a validated request an active attachment of the user covers.
    /// </summary>
    public static Task<bool> AnyAsync(ChorusAccountDbContext db, Guid userId, CancellationToken ct)
    {
        var space = _managerActivities;
        var byDefault = SpaceCatalog.ById[space].IsDefault;
        return db.Memberships.AnyAsync(m => m.UserId == userId && m.Status == MembershipStatus.Active
            && (m.Role == MembershipRole.PrimaryManager || m.Role == MembershipRole.SecondaryManager)
            && ((byDefault && m.WholeStructure && !db.Subscriptions.Any(w => w.UserId == userId && w.StructureId == m.StructureId
                    && w.ServiceUnitId == null && w.SpaceId == space && w.Status == SubscriptionStatus.Withdrawn))
                || (byDefault && !m.WholeStructure && m.Services.Any(x => !db.Subscriptions.Any(w => w.UserId == userId && w.StructureId == m.StructureId
                    && w.ServiceUnitId == x.ServiceUnitId && w.SpaceId == space && w.Status == SubscriptionStatus.Withdrawn)))
                || db.Subscriptions.Any(s => s.UserId == userId && s.StructureId == m.StructureId && s.SpaceId == space
                    && s.Status == SubscriptionStatus.Active && !s.IsDefault
                    && db.Memberships.Any(c => c.UserId == userId && c.StructureId == s.StructureId && c.Status == MembershipStatus.Active
                        && (c.WholeStructure || (s.ServiceUnitId != null && c.Services.Any(x => x.ServiceUnitId == s.ServiceUnitId)))))), ct);
    }

    /// <summary>
    /// <see cref="AnyAsync"/> from rows a page has already read: the user's held lines (<see cref="SpaceLines.ActiveOf"/>)
    /// and its active attachments. Held to the query by <c>ManagerScopeTests</c>.
    /// </summary>
    public static bool AnyOf(IEnumerable<SpaceLine> lines, IReadOnlyCollection<(Guid StructureId, AttachmentScope Scope)> attachments) =>
        lines.Any(l => l.SpaceId == _managerActivities
            && attachments.Any(a => a.StructureId == l.StructureId && a.Scope.Role is MembershipRole.PrimaryManager or MembershipRole.SecondaryManager));

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
