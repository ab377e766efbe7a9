using ChorusAccount.Core.Auditing;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Core.Subscriptions;
using LinqKit;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Memberships;

/// <summary>A manager approves or refuses pending membership requests of its structures (see <see cref="ManagerDecision{TRequest}"/>).</summary>
public sealed class DecideMemberships(ChorusAccountDbContext db, TimeProvider clock) : ManagerDecision<Membership>(db, clock)
{
    public const string ApprovedAction = "MembershipApproved";
    public const string RefusedAction = "MembershipRefused";

    protected override Task<List<Membership>> LoadAsync(IReadOnlyCollection<Guid> ids, Guid managerId, IQueryable<SpaceLine> managerLines, CancellationToken ct) =>
        Db.Memberships
            .Include(m => m.User)
            .Include(m => m.Structure)
            .Where(m => ids.Contains(m.Id) && StructureManagers.DecidesMembership.Invoke(m, managerId, managerLines))
            .ToListAsync(ct);

    protected override bool IsPending(Membership request) => request.Status == MembershipStatus.Pending;

    protected override bool Apply(Membership membership, DecisionContext decision)
    {
        membership.Status = decision.Approves ? MembershipStatus.Active : MembershipStatus.Refused;
        membership.DecidedAt = decision.Now;
        membership.DecidedByUserId = decision.ManagerId;
        membership.RefusalReason = decision.Reason;
        Db.AuditEntries.Add(new AuditEntry
        {
            UserId = membership.UserId,
            Actor = decision.Actor,
            At = decision.Now,
            Action = decision.Approves ? ApprovedAction : RefusedAction,
            Changes = [new FieldChange("Structure", null, membership.Structure!.CompanyName), new FieldChange("Status", nameof(MembershipStatus.Pending), membership.Status.ToString())],
        });
        return Notify(NotificationEventKind.RequestDecision, membership.User!, membership.StructureId, null, decision);
    }
}
