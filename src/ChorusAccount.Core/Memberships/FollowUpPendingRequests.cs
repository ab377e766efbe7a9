using ChorusAccount.Core.Auditing;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Core.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Memberships;

/// <summary>
/// How long a request waits: its deciders read a reminder of it every <see cref="ReminderAfterDays"/> days, and it expires
/// after <see cref="ExpireAfterDays"/> days, counted in days of the Paris calendar from the day it was made.
/// </summary>
public sealed record PendingRequestRules(int ReminderAfterDays, int ExpireAfterDays)
{
    /// <summary>Whether a request made on <paramref name="requestedOn"/> expires <paramref name="today"/>.</summary>
    public bool Expires(DateOnly requestedOn, DateOnly today) => today.DayNumber - requestedOn.DayNumber >= ExpireAfterDays;

    /// <summary>
    /// Whether its deciders are reminded of it today: once it is <see cref="ReminderAfterDays"/> days old, then again each
    /// time as many days have passed since the last reminder (never twice in one period, however often the job runs).
    /// </summary>
    public bool Reminds(DateOnly requestedOn, DateOnly? remindedOn, DateOnly today) =>
        today.DayNumber - (remindedOn ?? requestedOn).DayNumber >= ReminderAfterDays;
}

/// <param name="Reminded">Requests that came back in their deciders' digest.</param>
/// <param name="Reminders">Digest events written for them, one per decider.</param>
/// <param name="Expired">Requests that expired, their requesters told.</param>
public sealed record FollowUpReport(int Reminded, int Reminders, int Expired);

/// <summary>
/// The daily follow-up of pending membership and subscription requests (a job): a request as old as
/// <see cref="PendingRequestRules.ExpireAfterDays"/> expires (status <c>Expired</c>, an event in its requester's digest, a
/// history line by <see cref="Actor"/>); an younger one comes back in the digest of each manager who decides it
/// (<see cref="StructureManagers.DecidersOf(Membership, IReadOnlyCollection{SpaceLine})"/>) once per reminder period. Both
/// are written with the request, so a second run the same day finds nothing to do. A subscription request no membership
/// in force covers any more is no longer there to decide (<see cref="SpaceLines.Covered(ChorusAccountDbContext, DateOnly)"/>) and is left alone.
/// </summary>
public sealed class FollowUpPendingRequests(ChorusAccountDbContext db, TimeProvider clock)
{
    /// <summary>Who expires a request, in the requester's history.</summary>
    public const string Actor = "Chorus Pro";

    public const string MembershipExpiredAction = "MembershipRequestExpired";
    public const string SubscriptionExpiredAction = "SubscriptionRequestExpired";

    /// <summary>The status code of the digest events of a membership request.</summary>
    public const string MembershipCode = "RATTACHEMENT";

    /// <summary>The status code of the digest events of a subscription request.</summary>
    public const string SubscriptionCode = "ABONNEMENT";

    public async Task<FollowUpReport> ExecuteAsync(PendingRequestRules rules, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = ParisDate.Of(clock.GetUtcNow());
        // A superset, by instants (a day more than the delay); the rules decide on Paris days below.
        var madeBefore = now.AddDays(-(rules.ReminderAfterDays - 1));
        var memberships = await db.Memberships
            .Include(m => m.Services)
            .Include(m => m.Structure)
            .Where(m => m.Status == MembershipStatus.Pending && m.RequestedAt < madeBefore)
            .ToListAsync(ct);
        var subscriptions = await SpaceLines.Covered(db, today)
            .Include(s => s.Structure)
            .Include(s => s.ServiceUnit)
            .Where(s => s.Status == SubscriptionStatus.Pending && s.RequestedAt < madeBefore)
            .ToListAsync(ct);
        var lines = await StructureManagers.LinesOfStructuresAsync(db, memberships.Select(m => m.StructureId).Concat(subscriptions.Select(s => s.StructureId)), today, ct);

        int reminded = 0, reminders = 0, expired = 0;
        foreach (var membership in memberships)
        {
            var requestedOn = ParisDate.Of(membership.RequestedAt);
            if (rules.Expires(requestedOn, today))
            {
                membership.Status = MembershipStatus.Expired;
                membership.DecidedAt = now;
                Notify(NotificationEventKind.RequestExpired, membership.UserId, membership.StructureId, null, MembershipCode, now);
                db.AuditEntries.Add(new AuditEntry
                {
                    UserId = membership.UserId,
                    Actor = Actor,
                    At = now,
                    Action = MembershipExpiredAction,
                    Changes = [new FieldChange("Structure", null, membership.Structure!.CompanyName), new FieldChange("Status", nameof(MembershipStatus.Pending), nameof(MembershipStatus.Expired))],
                });
                expired++;
            }
            else if (rules.Reminds(requestedOn, membership.RemindedAt is { } at ? ParisDate.Of(at) : null, today))
            {
                membership.RemindedAt = now;
                var deciders = StructureManagers.DecidersOf(membership, lines);
                foreach (var decider in deciders)
                {
                    Notify(NotificationEventKind.PendingReminder, decider, membership.StructureId, null, MembershipCode, membership.RequestedAt, now);
                }

                reminded++;
                reminders += deciders.Count;
            }
        }

        foreach (var subscription in subscriptions)
        {
            var requestedOn = ParisDate.Of(subscription.RequestedAt);
            if (rules.Expires(requestedOn, today))
            {
                subscription.Status = SubscriptionStatus.Expired;
                subscription.DecidedAt = now;
                Notify(NotificationEventKind.RequestExpired, subscription.UserId, subscription.StructureId, subscription.ServiceUnit?.Code, SubscriptionCode, now);
                var triplet = new SubscriptionTriplet(subscription.Structure!.CompanyName, subscription.ServiceUnit?.Label, SpaceCatalog.ById[subscription.SpaceId].Code);
                db.AuditEntries.Add(SubscriptionAudit.Entry(subscription.UserId, Actor, now, SubscriptionExpiredAction, triplet, SubscriptionStatus.Pending, SubscriptionStatus.Expired));
                expired++;
            }
            else if (rules.Reminds(requestedOn, subscription.RemindedAt is { } at ? ParisDate.Of(at) : null, today))
            {
                subscription.RemindedAt = now;
                var deciders = StructureManagers.DecidersOf(subscription, lines);
                foreach (var decider in deciders)
                {
                    Notify(NotificationEventKind.PendingReminder, decider, subscription.StructureId, subscription.ServiceUnit?.Code, SubscriptionCode, subscription.RequestedAt, now);
                }

                reminded++;
                reminders += deciders.Count;
            }
        }

        await db.SaveChangesAsync(ct);
        return new FollowUpReport(reminded, reminders, expired);
    }

    private void Notify(NotificationEventKind kind, Guid recipientId, Guid structureId, string? serviceCode, string code, DateTime now) =>
        Notify(kind, recipientId, structureId, serviceCode, code, now, now);

    // A reminder is dated by the request it recalls, so that the digest says since when it waits.
    private void Notify(NotificationEventKind kind, Guid recipientId, Guid structureId, string? serviceCode, string code, DateTime occurredAt, DateTime now) =>
        db.NotificationEvents.Add(new NotificationEvent
        {
            Kind = kind,
            RecipientUserId = recipientId,
            StructureId = structureId,
            ServiceCode = serviceCode,
            StatusCode = code,
            OccurredAt = occurredAt,
            CreatedAt = now,
        });
}
