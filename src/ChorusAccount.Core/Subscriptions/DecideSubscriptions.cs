using ChorusAccount.Core.Data;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Notifications;
using LinqKit;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Subscriptions;

/// <summary>
/// A manager approves or refuses pending subscription requests of its structures, one or many (see
/// <see cref="ManagerDecision{TRequest}"/>). A request whose membership has ended is no longer there to decide.
/// </summary>
public sealed class DecideSubscriptions(ChorusAccountDbContext db, TimeProvider clock) : ManagerDecision<Subscription>(db, clock)
{
    protected override Task<List<Subscription>> LoadAsync(IReadOnlyCollection<Guid> ids, Guid managerId, IQueryable<SpaceLine> managerLines, CancellationToken ct) =>
        SpaceLines.Covered(Db, Today)
            .Include(s => s.User)
            .Include(s => s.Structure)
            .Include(s => s.ServiceUnit)
            .Include(s => s.Space)
            .Where(s => ids.Contains(s.Id) && s.Status != SubscriptionStatus.Withdrawn && StructureManagers.DecidesSubscription.Invoke(s, managerId, managerLines))
            .ToListAsync(ct);

    protected override bool IsPending(Subscription request) => request.Status == SubscriptionStatus.Pending;

    protected override bool Apply(Subscription subscription, DecisionContext decision)
    {
        subscription.Status = decision.Approves ? SubscriptionStatus.Active : SubscriptionStatus.Refused;
        subscription.DecidedAt = decision.Now;
        subscription.DecidedByUserId = decision.ManagerId;
        subscription.RefusalReason = decision.Reason;
        var space = subscription.Space!;
        var triplet = new SubscriptionTriplet(subscription.Structure!.CompanyName, subscription.ServiceUnit?.Label, space.Code);
        Db.AuditEntries.Add(SubscriptionAudit.Entry(
            subscription.UserId, decision.Actor, decision.Now, decision.Approves ? SubscriptionAudit.ApprovedAction : SubscriptionAudit.RefusedAction,
            triplet, SubscriptionStatus.Pending, subscription.Status));
        return Notify(
            NotificationEventKind.SubscriptionDecision, subscription.User!, subscription.StructureId, subscription.ServiceUnit, decision, space.Id, subscription.Mode);
    }
}
