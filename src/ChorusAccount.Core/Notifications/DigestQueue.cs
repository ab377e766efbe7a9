using ChorusAccount.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Notifications;

/// <summary>An outbox row taken by a sender (a digest, or an email of its own when <paramref name="EventId"/> is set): what it needs to compose, send and record it.</summary>
/// <param name="ClaimToken">The claim: results are recorded on the row only while the row is still held by it.</param>
/// <param name="SendBy">
/// The last instant a send of this digest may start: half the lease. A send that starts later could still be going when
/// the lease lapses and another run takes the digest (see <see cref="DigestQueue.ClaimAsync"/>).
/// </param>
/// <param name="Recipient">
/// The row's <see cref="NotificationDigest.Recipient"/>: for the notice of a contact email change, the previous address it
/// goes to; for other rows, the address of an earlier failure, not used to send (they go to the contact email).
/// </param>
public sealed record ClaimedDigest(
    Guid Id, Guid UserId, DateOnly Day, DateTime EventsAfter, DateTime EventsUntil, int Attempts, Guid ClaimToken, DateTime SendBy, Guid? EventId = null, string? Recipient = null);

/// <summary>How a send ended, for <see cref="DigestQueue.RecordAsync"/>.</summary>
public enum DeliveryOutcome
{
    Sent,

    /// <summary>Worth trying again later (4xx reply, connection lost, server unreachable).</summary>
    Transient,

    /// <summary>Failed for good: refused (5xx reply: mailbox refused…), or an address or a message that cannot be written.</summary>
    Permanent,

    /// <summary>Not sent and never will be: the user turned notifications off, was deactivated, or has no event left.</summary>
    Skipped,

    /// <summary>Not attempted (the run stopped): back to the queue as it was.</summary>
    Released,
}

public sealed record DeliveryResult(ClaimedDigest Digest, DeliveryOutcome Outcome, string? Recipient = null, string? Error = null);

/// <summary>
/// The outbox's state changes. Claim → send → record: a claim is a lease, so a digest taken by a run that died is taken
/// again once the lease lapses; a sent digest is recorded right after the server accepted it.
/// </summary>
public sealed class DigestQueue(ChorusAccountDbContext db, TimeProvider clock)
{
    /// <summary>
    /// Takes up to <paramref name="count"/> due digests: pending and due, or claimed by a run whose lease lapsed. A run
    /// starts sending a digest only in the first half of its lease (<see cref="ClaimedDigest.SendBy"/>) and gives back
    /// the rest, so two runs — the recurring job and `send-digests`, or a run that stalled — never send the same one.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedDigest>> ClaimAsync(int count, TimeSpan lease, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Two index ranges on (Status, NextAttemptAt) and (Status, ClaimExpiresAt): no sort of the whole queue per batch.
        var candidates = await db.NotificationDigests
            .Where(d => d.Status == DigestStatus.Sending && d.ClaimExpiresAt < now)
            .Select(d => d.Id).Take(count).ToListAsync(ct);
        if (candidates.Count < count)
        {
            candidates.AddRange(await db.NotificationDigests
                .Where(d => d.Status == DigestStatus.Pending && d.NextAttemptAt <= now)
                .OrderBy(d => d.NextAttemptAt)
                .Select(d => d.Id).Take(count - candidates.Count).ToListAsync(ct));
        }

        if (candidates.Count == 0)
        {
            return [];
        }

        // The due condition again in the UPDATE: of two runs racing for a row, the second sees it taken and skips it.
        var expires = now + lease;
        var sendBy = now + (lease / 2);
        var token = NewId.Random();
        await Due(now).Where(d => candidates.Contains(d.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DigestStatus.Sending).SetProperty(d => d.ClaimExpiresAt, expires).SetProperty(d => d.ClaimToken, token), ct);
        return await db.NotificationDigests.AsNoTracking()
            .Where(d => candidates.Contains(d.Id) && d.ClaimToken == token && d.Status == DigestStatus.Sending)
            .OrderBy(d => d.Id)
            .Select(d => new ClaimedDigest(d.Id, d.UserId, d.Day, d.EventsAfter, d.EventsUntil, d.Attempts, token, sendBy, d.EventId, d.Recipient))
            .ToListAsync(ct);
    }

    /// <summary>When the next digest becomes due (retry after a backoff, or a lapsed lease); null when none waits.</summary>
    public async Task<DateTime?> NextDueAsync(CancellationToken ct) =>
        await db.NotificationDigests
            .Where(d => d.Status == DigestStatus.Pending || d.Status == DigestStatus.Sending)
            .Select(d => (DateTime?)(d.Status == DigestStatus.Pending ? d.NextAttemptAt : d.ClaimExpiresAt))
            .MinAsync(ct);

    /// <summary>
    /// Records results: sent ones in one statement, the rest one by one (they are few). A sent digest is recorded whoever
    /// holds it (the server took it); any other result only while the row is still held by the claim that produced it,
    /// so a late run never puts back in the queue a digest another run has taken, or sent, since.
    /// </summary>
    public async Task RecordAsync(IReadOnlyCollection<DeliveryResult> results, int maxAttempts, TimeSpan retryDelay, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var sent = results.Where(r => r.Outcome == DeliveryOutcome.Sent).Select(r => r.Digest.Id).ToList();
        if (sent.Count > 0)
        {
            await db.NotificationDigests.Where(d => sent.Contains(d.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DigestStatus.Sent).SetProperty(d => d.SentAt, now).SetProperty(d => d.ClaimExpiresAt, (DateTime?)null), ct);
        }

        foreach (var claim in results.Where(r => r.Outcome == DeliveryOutcome.Released).GroupBy(r => r.Digest.ClaimToken))
        {
            var released = claim.Select(r => r.Digest.Id).ToList();
            await Held(claim.Key).Where(d => released.Contains(d.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DigestStatus.Pending).SetProperty(d => d.ClaimExpiresAt, (DateTime?)null), ct);
        }

        foreach (var result in results.Where(r => r.Outcome is DeliveryOutcome.Transient or DeliveryOutcome.Permanent or DeliveryOutcome.Skipped))
        {
            var attempts = result.Digest.Attempts + (result.Outcome == DeliveryOutcome.Transient ? 1 : 0);
            var status = StatusAfter(result, maxAttempts);
            var next = now + Backoff(retryDelay, attempts);
            var error = Truncate(result.Error);
            var recipient = result.Recipient;
            await Held(result.Digest.ClaimToken).Where(d => d.Id == result.Digest.Id)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.Status, status)
                    .SetProperty(d => d.Attempts, attempts)
                    .SetProperty(d => d.NextAttemptAt, next)
                    .SetProperty(d => d.ClaimExpiresAt, (DateTime?)null)
                    .SetProperty(d => d.Recipient, d => recipient ?? d.Recipient)
                    .SetProperty(d => d.LastError, error), ct);
        }
    }

    /// <summary>
    /// The status a result leaves its row in (<see cref="RecordAsync"/>; a run's report and the metrics count by it): a
    /// transient failure is failed for good at its <paramref name="maxAttempts"/>-th attempt; a released row is pending again.
    /// </summary>
    public static DigestStatus StatusAfter(DeliveryResult result, int maxAttempts) => result.Outcome switch
    {
        DeliveryOutcome.Sent => DigestStatus.Sent,
        DeliveryOutcome.Skipped => DigestStatus.Skipped,
        DeliveryOutcome.Permanent => DigestStatus.Failed,
        DeliveryOutcome.Transient when result.Digest.Attempts + 1 >= maxAttempts => DigestStatus.Failed,
        _ => DigestStatus.Pending,
    };

    /// <summary>Doubles at each failure: delay, 2×, 4×… capped at 64×.</summary>
    public static TimeSpan Backoff(TimeSpan delay, int attempts) => delay * Math.Pow(2, Math.Clamp(attempts - 1, 0, 6));

    private IQueryable<NotificationDigest> Held(Guid claimToken) =>
        db.NotificationDigests.Where(d => d.Status == DigestStatus.Sending && d.ClaimToken == claimToken);

    private IQueryable<NotificationDigest> Due(DateTime now) =>
        db.NotificationDigests.Where(d => (d.Status == DigestStatus.Pending && d.NextAttemptAt <= now)
            || (d.Status == DigestStatus.Sending && d.ClaimExpiresAt < now));

    private static string? Truncate(string? text) => text is { Length: > FieldLengths.Reason } ? text[..FieldLengths.Reason] : text;
}
