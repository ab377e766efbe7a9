using ChorusAccount.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Notifications;

/// <summary>Digests of one day, counted by status.</summary>
public sealed record DigestDayCounts(DateOnly Day, int Pending, int Sending, int Sent, int Failed, int Skipped);

/// <summary>A digest that failed for good, for operators.</summary>
public sealed record FailedDigest(Guid Id, DateOnly Day, string Login, string? Recipient, int Attempts, string? LastError);

/// <summary>The operators' view of the digests: the last days' counts and the failures.</summary>
public sealed class GetDigestOverview(ChorusAccountDbContext db)
{
    public async Task<IReadOnlyList<DigestDayCounts>> DaysAsync(DateOnly since, CancellationToken ct)
    {
        var rows = await db.NotificationDigests.AsNoTracking()
            .Where(d => d.Day >= since)
            .GroupBy(d => new { d.Day, d.Status })
            .Select(g => new { g.Key.Day, g.Key.Status, Count = g.Count() })
            .ToListAsync(ct);
        return [.. rows.GroupBy(r => r.Day)
            .OrderByDescending(g => g.Key)
            .Select(g => new DigestDayCounts(
                g.Key,
                g.Where(r => r.Status == DigestStatus.Pending).Sum(r => r.Count),
                g.Where(r => r.Status == DigestStatus.Sending).Sum(r => r.Count),
                g.Where(r => r.Status == DigestStatus.Sent).Sum(r => r.Count),
                g.Where(r => r.Status == DigestStatus.Failed).Sum(r => r.Count),
                g.Where(r => r.Status == DigestStatus.Skipped).Sum(r => r.Count)))];
    }

    public async Task<IReadOnlyList<FailedDigest>> FailuresAsync(int take, CancellationToken ct) =>
        await (from d in db.NotificationDigests.AsNoTracking()
               where d.Status == DigestStatus.Failed
               join u in db.Users on d.UserId equals u.Id
               orderby d.Day descending, u.Login
               select new FailedDigest(d.Id, d.Day, u.Login, d.Recipient, d.Attempts, d.LastError))
            .Take(take)
            .ToListAsync(ct);
}
