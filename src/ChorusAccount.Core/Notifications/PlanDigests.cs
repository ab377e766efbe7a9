using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Notifications;

/// <param name="Planned">Digests planned by this call (0 when an earlier run of the day had planned them).</param>
public sealed record DigestPlan(DateOnly Day, DateTime Cutoff, int Planned);

/// <summary>
/// The first step of a digest run, in one transaction: one outbox row per active user with notifications on and at least
/// one event since its last digest, for the day (unique per user and day); then every user not planned earlier that day
/// moves its last-digest mark to the cutoff. So the next window starts where this one ended, and a user who had
/// notifications off, was deactivated or had nothing passes these events for good.
/// </summary>
public sealed class PlanDigests(ChorusAccountDbContext db)
{
    /// <summary>A user without a last digest (new since the last run) gets this much history.</summary>
    public static readonly TimeSpan FirstWindow = TimeSpan.FromDays(1);

    private const int InsertChunk = 2_000;

    /// <param name="settleDelay">Events younger than this are left to the next run: a request may still be committing them.</param>
    public async Task<DigestPlan> ExecuteAsync(DateTimeOffset now, TimeSpan settleDelay, CancellationToken ct)
    {
        var day = ParisDate.Of(now);
        // Whole milliseconds: the mark is compared with the stored cutoff, and engines keep different precisions.
        var cutoff = now.UtcDateTime - settleDelay;
        cutoff = new DateTime(cutoff.Ticks - (cutoff.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
        var firstFrom = cutoff - FirstWindow;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var eligible = db.Users.Where(u => u.Status == UserStatus.Active && u.ReceiveNotifications
            && !db.NotificationDigests.Any(d => d.UserId == u.Id && d.Day == day && d.EventId == null));
        var lowest = await eligible.MinAsync(u => (DateTime?)(u.LastDigestAt ?? firstFrom), ct);
        var planned = 0;
        if (lowest is not null)
        {
            var events = db.NotificationEvents.Where(e => e.CreatedAt > lowest.Value && e.CreatedAt <= cutoff);
            var users = await (
                from r in DigestRecipients.Of(events, DigestRecipients.InvoiceLines(db, day))
                join u in eligible on r.UserId equals u.Id
                where r.CreatedAt > (u.LastDigestAt ?? firstFrom)
                select new { u.Id, From = u.LastDigestAt ?? firstFrom }).Distinct().ToListAsync(ct);
            // The rows in a few statements (RowWriter): SaveChanges would send one INSERT per row.
            await using var writer = new RowWriter(db);
            foreach (var chunk in users.Chunk(InsertChunk))
            {
                await writer.InsertAsync(chunk.Select(u => new NotificationDigest
                {
                    UserId = u.Id,
                    Day = day,
                    EventsAfter = u.From,
                    EventsUntil = cutoff,
                    NextAttemptAt = now.UtcDateTime,
                    CreatedAt = now.UtcDateTime,
                }).ToList(), ct);
            }

            planned = users.Count;
        }

        // Users planned by an earlier run of the day keep their mark: what came since waits for tomorrow.
        await db.Users
            .Where(u => (u.LastDigestAt == null || u.LastDigestAt < cutoff)
                && !db.NotificationDigests.Any(d => d.UserId == u.Id && d.Day == day && d.EventId == null && d.EventsUntil != cutoff))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LastDigestAt, cutoff), ct);
        await transaction.CommitAsync(ct);
        return new(day, cutoff, planned);
    }
}
