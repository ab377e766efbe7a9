using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Core.Structures;
using ChorusAccount.Core.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Memberships;

/// <summary>A manager's answer to a request: a membership (rattachement) or a space subscription.</summary>
public enum RequestDecision
{
    Approve,
    Refuse,
}

public enum DecideOutcome
{
    Decided,
    NotFound,
    ReasonRequired,
    AlreadyDecided,
}

/// <summary>The space, service (null: the whole structure) and mode of a subscription request.</summary>
public sealed record SubscriptionSubject(string SpaceLabelFr, string SpaceLabelEn, string? ServiceLabel, SubscriptionMode Mode)
{
    public string SpaceLabel(bool english) => english ? SpaceLabelEn : SpaceLabelFr;
}

/// <param name="Mailed">How many requesters get a decision email (the others have « Recevoir des notifications » unticked).</param>
public sealed record DecideResult(DecideOutcome Outcome, int Mailed = 0);

/// <summary>One decision being written: by whom, which, why, when.</summary>
public sealed record DecisionContext(Guid ManagerId, string Actor, RequestDecision Decision, string? Reason, DateTime Now)
{
    public const string ApprovedCode = "VALIDEE";
    public const string RefusedCode = "REFUSEE";

    public bool Approves => Decision == RequestDecision.Approve;

    /// <summary>The event's status code of the decision.</summary>
    public string StatusCode => Approves ? ApprovedCode : RefusedCode;
}

/// <summary>
/// A manager approves or refuses one or several pending requests it decides (<see cref="StructureManagers.DecidesMembership"/>,
/// <see cref="StructureManagers.DecidesSubscription"/>: never its own, and for a manager of some services only, the
/// requests for those services), all or none; a refusal needs a reason. Two managers deciding the same request at once: the request's concurrency version
/// lets one decision through. Membership and subscription requests differ only in what they load and write.
/// The requester is told by email only when « Recevoir des notifications » is ticked: the decision's email is an outbox
/// row written in the same transaction as the decision, sent by the background worker (never inside the manager's
/// request, so a mail server down delays the email, never the decision).
/// </summary>
public abstract class ManagerDecision<TRequest>(ChorusAccountDbContext db, TimeProvider clock)
    where TRequest : class
{
    protected ChorusAccountDbContext Db => db;

    /// <summary>The Paris day of the decision: requests count while a membership in force covers them.</summary>
    protected DateOnly Today => ParisDate.Today(clock);

    public async Task<DecideResult> ExecuteAsync(Guid managerId, string actor, IReadOnlyCollection<Guid> ids, RequestDecision decision, string? reason, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0)
        {
            return new(DecideOutcome.NotFound);
        }

        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (decision == RequestDecision.Refuse && reason is null)
        {
            return new(DecideOutcome.ReasonRequired);
        }

        var requests = await LoadAsync(wanted, managerId, StructureManagers.LinesOf(db, managerId, Today), ct);
        if (requests.Count != wanted.Count)
        {
            return new(DecideOutcome.NotFound);
        }

        if (!requests.All(IsPending))
        {
            return new(DecideOutcome.AlreadyDecided);
        }

        var context = new DecisionContext(managerId, actor, decision, decision == RequestDecision.Refuse ? reason : null, clock.GetUtcNow().UtcDateTime);
        var mailed = requests.Count(r => Apply(r, context));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new(DecideOutcome.AlreadyDecided);
        }

        return new(DecideOutcome.Decided, mailed);
    }

    /// <summary>The requests named, tracked, among those the manager decides with its <paramref name="managerLines"/>.</summary>
    protected abstract Task<List<TRequest>> LoadAsync(IReadOnlyCollection<Guid> ids, Guid managerId, IQueryable<SpaceLine> managerLines, CancellationToken ct);

    protected abstract bool IsPending(TRequest request);

    /// <summary>Writes the decision, its event and its history line (<see cref="Notify"/>); true when the requester is mailed.</summary>
    protected abstract bool Apply(TRequest request, DecisionContext decision);

    /// <summary>
    /// The decision's event, and its email in the outbox when the requester is active with « Recevoir des notifications »
    /// ticked: one email per decision, sent within a minute by the worker, and never in the daily digest (decision events
    /// are not routed to it, see <see cref="DigestRecipients"/>). Unticked: no email; the decision is on the page and in
    /// the history.
    /// </summary>
    /// <returns>True when an email was queued.</returns>
    protected bool Notify(
        NotificationEventKind kind, User requester, Guid structureId, ServiceUnit? service, DecisionContext decision, int? spaceId = null, SubscriptionMode? mode = null)
    {
        var notice = new NotificationEvent
        {
            Kind = kind,
            RecipientUserId = requester.Id,
            StructureId = structureId,
            ServiceCode = service?.Code,
            ServiceUnitId = service?.Id,
            SpaceId = spaceId,
            Mode = mode,
            StatusCode = decision.StatusCode,
            Reason = decision.Reason,
            OccurredAt = decision.Now,
            CreatedAt = decision.Now,
        };
        db.NotificationEvents.Add(notice);
        if (!requester.IsActive || !requester.ReceiveNotifications)
        {
            return false;
        }

        db.NotificationDigests.Add(new NotificationDigest
        {
            UserId = requester.Id,
            EventId = notice.Id,
            Day = ParisDate.Of(new DateTimeOffset(decision.Now, TimeSpan.Zero)),
            EventsAfter = decision.Now,
            EventsUntil = decision.Now,
            NextAttemptAt = decision.Now,
            CreatedAt = decision.Now,
        });
        return true;
    }
}
