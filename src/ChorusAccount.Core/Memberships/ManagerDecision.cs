using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Notifications;
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

/// <summary>What the requester is told of a decision, by email; <see cref="Subscription"/> is null for a membership.</summary>
public sealed record DecisionNotice(
    string Email, UserLanguage Language, string StructureName, RequestDecision Decision, string? Reason, SubscriptionSubject? Subscription = null);

public sealed record DecideResult(DecideOutcome Outcome, IReadOnlyList<DecisionNotice> Notices);

/// <summary>One decision being written: by whom, which, why, when.</summary>
public sealed record DecisionContext(Guid ManagerId, string Actor, RequestDecision Decision, string? Reason, DateTime Now)
{
    public bool Approves => Decision == RequestDecision.Approve;

    /// <summary>The digest's status code of the decision.</summary>
    public string StatusCode => Approves ? "VALIDEE" : "REFUSEE";
}

/// <summary>
/// A manager approves or refuses one or several pending requests it decides (<see cref="StructureManagers.DecidesMembership"/>,
/// <see cref="StructureManagers.DecidesSubscription"/>: never its own, and for a manager of some services only, the
/// requests for those services), all or none; a refusal needs a reason. Two managers deciding the same request at once: the request's concurrency version
/// lets one decision through. Membership and subscription requests differ only in what they load and write.
/// </summary>
public abstract class ManagerDecision<TRequest>(ChorusAccountDbContext db, TimeProvider clock)
    where TRequest : class
{
    protected ChorusAccountDbContext Db => db;

    public async Task<DecideResult> ExecuteAsync(Guid managerId, string actor, IReadOnlyCollection<Guid> ids, RequestDecision decision, string? reason, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0)
        {
            return new(DecideOutcome.NotFound, []);
        }

        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (decision == RequestDecision.Refuse && reason is null)
        {
            return new(DecideOutcome.ReasonRequired, []);
        }

        var requests = await LoadAsync(wanted, managerId, StructureManagers.LinesOf(db, managerId), ct);
        if (requests.Count != wanted.Count)
        {
            return new(DecideOutcome.NotFound, []);
        }

        if (!requests.All(IsPending))
        {
            return new(DecideOutcome.AlreadyDecided, []);
        }

        var context = new DecisionContext(managerId, actor, decision, decision == RequestDecision.Refuse ? reason : null, clock.GetUtcNow().UtcDateTime);
        var notices = requests.Select(r => Apply(r, context)).ToList();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new(DecideOutcome.AlreadyDecided, []);
        }

        return new(DecideOutcome.Decided, notices);
    }

    /// <summary>The requests named, tracked, among those the manager decides with its <paramref name="managerLines"/>.</summary>
    protected abstract Task<List<TRequest>> LoadAsync(IReadOnlyCollection<Guid> ids, Guid managerId, IQueryable<SpaceLine> managerLines, CancellationToken ct);

    protected abstract bool IsPending(TRequest request);

    /// <summary>Writes the decision, its digest event and its history line; returns what the requester is told.</summary>
    protected abstract DecisionNotice Apply(TRequest request, DecisionContext decision);

    /// <summary>The requester hears of the decision in its next daily digest too.</summary>
    protected void RecordForDigest(NotificationEventKind kind, Guid requesterId, Guid structureId, string? serviceCode, DecisionContext decision) =>
        db.NotificationEvents.Add(new NotificationEvent
        {
            Kind = kind,
            RecipientUserId = requesterId,
            StructureId = structureId,
            ServiceCode = serviceCode,
            StatusCode = decision.StatusCode,
            Reason = decision.Reason,
            OccurredAt = decision.Now,
            CreatedAt = decision.Now,
        });
}
