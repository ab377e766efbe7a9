using ChorusAccount.Core.Auditing;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Notifications;
using LinqKit;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Memberships;

/// <summary>What a run of <see cref="ExpireMemberships"/> did on its Paris day.</summary>
public sealed record ExpireMembershipsReport(DateOnly Day, int Ended, int Announced);

/// <summary>
/// The daily pass over the validity dates, on the Paris day of the clock. Memberships whose end date is past are ended
/// (<c>Status = Ended</c>, a history line by the system, « a pris fin le … » in the user's next digest). Memberships in
/// force whose end date comes within <c>reminderDays</c> are announced once (« Le rattachement de … à … prend fin le … »)
/// to their user and to the structure's managers, and the announced end date is recorded. A membership grants nothing
/// after its end date whether or not this has run (<see cref="AccessRules.InForce"/>); running it twice the same day,
/// or again the next day, changes nothing more.
/// </summary>
public sealed class ExpireMemberships(ChorusAccountDbContext db, TimeProvider clock)
{
    /// <summary>The actor of the history lines this job writes.</summary>
    public const string SystemActor = "système";

    public const string ExpiredAction = "MembershipExpired";

    /// <summary>Memberships read and saved per transaction.</summary>
    public const int PageSize = 500;

    public async Task<ExpireMembershipsReport> ExecuteAsync(int reminderDays, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(reminderDays);
        var today = ParisDate.Today(clock);
        var ended = await EndExpiredAsync(today, ct);
        var announced = await AnnounceEndingAsync(today, today.AddDays(reminderDays), ct);
        return new(today, ended, announced);
    }

    private async Task<int> EndExpiredAsync(DateOnly today, CancellationToken ct)
    {
        var count = 0;
        while (true)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var page = await db.Memberships
                .Include(m => m.User).Include(m => m.Structure)
                .Where(m => m.Status == MembershipStatus.Active && m.EndDate != null && m.EndDate < today)
                .OrderBy(m => m.Id)
                .Take(PageSize)
                .ToListAsync(ct);
            if (page.Count == 0)
            {
                return count;
            }

            foreach (var membership in page)
            {
                membership.Status = MembershipStatus.Ended;
                db.AuditEntries.Add(new AuditEntry
                {
                    UserId = membership.UserId,
                    Actor = SystemActor,
                    At = now,
                    Action = ExpiredAction,
                    Changes =
                    [
                        new FieldChange("Structure", membership.Structure!.CompanyName, null),
                        new FieldChange("Status", nameof(MembershipStatus.Active), nameof(MembershipStatus.Ended)),
                    ],
                });
                db.NotificationEvents.Add(Event(NotificationEventKind.MembershipEnded, membership.UserId, membership, now));
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            count += page.Count;
        }
    }

    private async Task<int> AnnounceEndingAsync(DateOnly today, DateOnly until, CancellationToken ct)
    {
        var inForce = AccessRules.InForce(today);
        var count = 0;
        while (true)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var page = await db.Memberships
                .Include(m => m.User).Include(m => m.Structure)
                .Where(m => inForce.Invoke(m) && m.EndDate != null && m.EndDate <= until
                    && (m.EndAnnouncedFor == null || m.EndAnnouncedFor != m.EndDate))
                .OrderBy(m => m.Id)
                .Take(PageSize)
                .ToListAsync(ct);
            if (page.Count == 0)
            {
                return count;
            }

            var structureIds = page.Select(m => m.StructureId).Distinct().ToList();
            var managers = (await StructureManagers.ManagerPairs(db, structureIds, today).ToListAsync(ct)).ToLookup(p => p.StructureId, p => p.UserId);
            foreach (var membership in page)
            {
                membership.EndAnnouncedFor = membership.EndDate;
                foreach (var recipient in managers[membership.StructureId].Append(membership.UserId).Distinct())
                {
                    db.NotificationEvents.Add(Event(NotificationEventKind.MembershipEnding, recipient, membership, now));
                }
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            count += page.Count;
        }
    }

    private static NotificationEvent Event(NotificationEventKind kind, Guid recipientId, Membership membership, DateTime now) => new()
    {
        Kind = kind,
        RecipientUserId = recipientId,
        StructureId = membership.StructureId,
        SubjectName = membership.User!.DisplayName,
        EffectiveDate = membership.EndDate,
        OccurredAt = now,
        CreatedAt = now,
    };
}
