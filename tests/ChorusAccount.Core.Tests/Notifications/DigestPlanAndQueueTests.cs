using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Tests.Notifications;

/// <summary>Which events a digest covers, day after day, and how the outbox hands digests out and takes results back.</summary>
public sealed class DigestPlanAndQueueTests : IDisposable
{
    private static readonly DateTimeOffset _monday = new(2026, 3, 2, 6, 0, 0, TimeSpan.Zero);
    private readonly MembershipWorld _world = new();

    public void Dispose() => _world.Dispose();

    // A portal event naming its user (a request waiting for that manager): decisions have their own email, not the digest.
    private void Event(Guid userId, DateTimeOffset at, string status = "DEPOSEE")
    {
        using var db = _world.Database.CreateContext();
        db.NotificationEvents.Add(new NotificationEvent
        {
            Kind = NotificationEventKind.PendingRequest,
            RecipientUserId = userId,
            StatusCode = status,
            OccurredAt = at.UtcDateTime,
            CreatedAt = at.UtcDateTime,
        });
        db.SaveChanges();
    }

    private DigestPlan Plan(DateTimeOffset now)
    {
        using var db = _world.Database.CreateContext();
        return new PlanDigests(db).ExecuteAsync(now, TimeSpan.FromMinutes(1), default).GetAwaiter().GetResult();
    }

    private List<NotificationDigest> Digests(Guid userId)
    {
        using var db = _world.Database.CreateContext();
        return [.. db.NotificationDigests.AsNoTracking().Where(d => d.UserId == userId).AsEnumerable().OrderBy(d => d.Day)];
    }

    private void SetNotifications(Guid userId, bool on)
    {
        using var db = _world.Database.CreateContext();
        db.Users.Where(u => u.Id == userId).ExecuteUpdate(s => s.SetProperty(u => u.ReceiveNotifications, on));
    }

    [Fact]
    public void Each_day_s_digest_covers_the_events_since_the_previous_one_and_a_second_plan_the_same_day_adds_nothing()
    {
        var user = _world.User("pdufour");
        Event(user, _monday.AddHours(-2));
        var monday = Plan(_monday);
        Event(user, _monday.AddHours(3));
        var again = Plan(_monday.AddHours(4));
        var tuesday = Plan(_monday.AddDays(1));

        Assert.Equal((new DateOnly(2026, 3, 2), 1), (monday.Day, monday.Planned));
        Assert.Equal(0, again.Planned);
        Assert.Equal(1, tuesday.Planned);
        var digests = Digests(user);
        Assert.Equal(2, digests.Count);
        // _monday ends where Tuesday starts, although a plan ran in between.
        Assert.Equal(digests[0].EventsUntil, digests[1].EventsAfter);
        Assert.Equal(_monday.AddMinutes(-1).UtcDateTime, DateTime.SpecifyKind(digests[0].EventsUntil, DateTimeKind.Utc));
    }

    [Fact]
    public void An_event_recorded_in_the_millisecond_of_the_cutoff_waits_for_the_next_digest_and_is_not_lost()
    {
        // The cutoff is whole milliseconds, rounded down: 05:59:00.000 for a plan at 06:00:00.0007.
        var user = _world.User("pdufour");
        var cutoffMillisecond = _monday.AddMinutes(-1);
        Event(user, cutoffMillisecond.AddTicks(4_000));

        var monday = Plan(_monday.AddTicks(7_000));
        var tuesday = Plan(_monday.AddDays(1));

        Assert.Equal(cutoffMillisecond.UtcDateTime, monday.Cutoff);
        Assert.Equal(0, monday.Planned);
        Assert.Equal(1, tuesday.Planned);
        Assert.Equal(cutoffMillisecond.UtcDateTime, DateTime.SpecifyKind(Assert.Single(Digests(user)).EventsAfter, DateTimeKind.Utc));
    }

    [Fact]
    public void An_event_younger_than_the_settle_delay_waits_for_the_next_digest()
    {
        var user = _world.User("pdufour");
        Event(user, _monday.AddSeconds(-20));

        Assert.Equal(0, Plan(_monday).Planned);
        Assert.Equal(1, Plan(_monday.AddDays(1)).Planned);
    }

    [Fact]
    public void Events_of_a_day_with_notifications_off_or_deactivated_are_not_sent_later()
    {
        var off = _world.User("jmartin");
        var inactive = _world.User("bleroy", UserStatus.Inactive);
        SetNotifications(off, false);
        Event(off, _monday.AddHours(-1));
        Event(inactive, _monday.AddHours(-1));
        Plan(_monday);
        SetNotifications(off, true);
        using (var db = _world.Database.CreateContext())
        {
            db.Users.Where(u => u.Id == inactive).ExecuteUpdate(s => s.SetProperty(u => u.Status, UserStatus.Active));
        }

        Assert.Equal(0, Plan(_monday.AddDays(1)).Planned);
        Assert.Empty(Digests(off));
        Assert.Empty(Digests(inactive));
    }

    [Fact]
    public async Task A_claimed_digest_is_taken_again_only_once_its_lease_lapses()
    {
        var user = _world.User("pdufour");
        Event(user, _monday.AddHours(-1));
        Plan(_monday);
        await using var db = _world.Database.CreateContext();

        var first = await new DigestQueue(db, new FixedTimeProvider(_monday)).ClaimAsync(10, TimeSpan.FromMinutes(5), default);
        var meanwhile = await new DigestQueue(db, new FixedTimeProvider(_monday.AddMinutes(4))).ClaimAsync(10, TimeSpan.FromMinutes(5), default);
        var afterLease = await new DigestQueue(db, new FixedTimeProvider(_monday.AddMinutes(6))).ClaimAsync(10, TimeSpan.FromMinutes(5), default);

        Assert.Single(first);
        Assert.Empty(meanwhile);
        Assert.Equal(first[0].Id, Assert.Single(afterLease).Id);
    }

    [Fact]
    public async Task A_claim_may_start_sending_for_half_its_lease()
    {
        var user = _world.User("pdufour");
        Event(user, _monday.AddHours(-1));
        Plan(_monday);
        await using var db = _world.Database.CreateContext();

        var claimed = Assert.Single(await new DigestQueue(db, new FixedTimeProvider(_monday)).ClaimAsync(10, TimeSpan.FromMinutes(5), default));

        Assert.Equal(_monday.AddMinutes(2.5).UtcDateTime, claimed.SendBy);
        var row = await db.NotificationDigests.AsNoTracking().SingleAsync();
        Assert.Equal((claimed.ClaimToken, _monday.AddMinutes(5).UtcDateTime), (row.ClaimToken!.Value, DateTime.SpecifyKind(row.ClaimExpiresAt!.Value, DateTimeKind.Utc)));
    }

    [Theory]
    [InlineData(DeliveryOutcome.Released)]
    [InlineData(DeliveryOutcome.Transient)]
    [InlineData(DeliveryOutcome.Permanent)]
    [InlineData(DeliveryOutcome.Skipped)]
    public async Task A_late_result_of_a_lapsed_claim_leaves_the_digest_to_the_run_that_took_it_again(DeliveryOutcome outcome)
    {
        var user = _world.User("pdufour");
        Event(user, _monday.AddHours(-1));
        Plan(_monday);
        await using var db = _world.Database.CreateContext();
        var stalled = Assert.Single(await new DigestQueue(db, new FixedTimeProvider(_monday)).ClaimAsync(10, TimeSpan.FromMinutes(5), default));
        var later = new DigestQueue(db, new FixedTimeProvider(_monday.AddMinutes(6)));
        var retaken = Assert.Single(await later.ClaimAsync(10, TimeSpan.FromMinutes(5), default));

        // The stalled run reports at last: the row stays with the run that holds it now.
        await later.RecordAsync([new DeliveryResult(stalled, outcome, "pdufour@mairie-exemple.fr", "421 4.4.2 Timeout")], 3, TimeSpan.FromSeconds(30), default);
        var held = await db.NotificationDigests.AsNoTracking().SingleAsync();
        Assert.Equal((DigestStatus.Sending, retaken.ClaimToken, 0, null), (held.Status, held.ClaimToken!.Value, held.Attempts, held.LastError));

        // The run that holds it sends it; the stalled run can no longer put it back in the queue.
        await later.RecordAsync([new DeliveryResult(retaken, DeliveryOutcome.Sent, "pdufour@mairie-exemple.fr")], 3, TimeSpan.FromSeconds(30), default);
        await later.RecordAsync([new DeliveryResult(stalled, outcome, "pdufour@mairie-exemple.fr", "421 4.4.2 Timeout")], 3, TimeSpan.FromSeconds(30), default);
        Assert.Equal(DigestStatus.Sent, (await db.NotificationDigests.AsNoTracking().SingleAsync()).Status);
        Assert.Empty(await new DigestQueue(db, new FixedTimeProvider(_monday.AddHours(1))).ClaimAsync(10, TimeSpan.FromMinutes(5), default));
    }

    [Fact]
    public async Task Transient_failures_back_off_doubling_and_the_last_attempt_fails_the_digest()
    {
        var user = _world.User("pdufour");
        Event(user, _monday.AddHours(-1));
        Plan(_monday);
        var now = _monday;
        var delays = new List<TimeSpan>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await using var db = _world.Database.CreateContext();
            var queue = new DigestQueue(db, new FixedTimeProvider(now));
            var claimed = Assert.Single(await queue.ClaimAsync(10, TimeSpan.FromMinutes(5), default));
            await queue.RecordAsync([new DeliveryResult(claimed, DeliveryOutcome.Transient, "pdufour@mairie-exemple.fr", "451 4.3.0 Try again later")], 3, TimeSpan.FromSeconds(30), default);
            var row = await db.NotificationDigests.AsNoTracking().SingleAsync();
            Assert.Equal(attempt, row.Attempts);
            if (attempt < 3)
            {
                Assert.Equal(DigestStatus.Pending, row.Status);
                Assert.Empty(await queue.ClaimAsync(10, TimeSpan.FromMinutes(5), default));
                delays.Add(DateTime.SpecifyKind(row.NextAttemptAt, DateTimeKind.Utc) - now.UtcDateTime);
                now = new DateTimeOffset(DateTime.SpecifyKind(row.NextAttemptAt, DateTimeKind.Utc));
            }
            else
            {
                Assert.Equal((DigestStatus.Failed, "451 4.3.0 Try again later"), (row.Status, row.LastError));
            }
        }

        Assert.Equal([TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60)], delays);
    }
}
