using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Auditing;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Notifications;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Memberships;

public enum MembershipDecision
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

/// <summary>What the requester is told of a decision, by email.</summary>
public sealed record DecisionNotice(string Email, UserLanguage Language, string StructureName, MembershipDecision Decision, string? Reason);

public sealed record DecideResult(DecideOutcome Outcome, IReadOnlyList<DecisionNotice> Notices);

/// <summary>
/// A manager approves or refuses one or several pending requests of its structures, all or none.
/// Two managers deciding the same request at once: the membership's version lets one decision through.
/// </summary>
public sealed class DecideMemberships(ChorusAccountDbContext db, TimeProvider clock)
{
    public const string ApprovedAction = "MembershipApproved";
    public const string RefusedAction = "MembershipRefused";

    public async Task<DecideResult> ExecuteAsync(Guid managerId, string actor, IReadOnlyCollection<Guid> ids, MembershipDecision decision, string? reason, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0)
        {
            return new(DecideOutcome.NotFound, []);
        }

        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (decision == MembershipDecision.Refuse && reason is null)
        {
            return new(DecideOutcome.ReasonRequired, []);
        }

        var managed = ManagerScope.StructureIds(db, managerId);
        var memberships = await db.Memberships
            .Include(m => m.User)
            .Include(m => m.Structure)
            .Where(m => wanted.Contains(m.Id) && m.UserId != managerId && managed.Contains(m.StructureId))
            .ToListAsync(ct);
        if (memberships.Count != wanted.Count)
        {
            return new(DecideOutcome.NotFound, []);
        }

        if (memberships.Any(m => m.Status != MembershipStatus.Pending))
        {
            return new(DecideOutcome.AlreadyDecided, []);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var notices = new List<DecisionNotice>(memberships.Count);
        foreach (var membership in memberships)
        {
            membership.Status = decision == MembershipDecision.Approve ? MembershipStatus.Active : MembershipStatus.Refused;
            membership.DecidedAt = now;
            membership.DecidedByUserId = managerId;
            membership.RefusalReason = decision == MembershipDecision.Refuse ? reason : null;
            var statusCode = decision == MembershipDecision.Approve ? "VALIDEE" : "REFUSEE";
            db.NotificationEvents.Add(new NotificationEvent
            {
                Kind = NotificationEventKind.MembershipDecision,
                RecipientUserId = membership.UserId,
                StructureId = membership.StructureId,
                StatusCode = statusCode,
                Reason = membership.RefusalReason,
                OccurredAt = now,
                CreatedAt = now,
            });
            db.AuditEntries.Add(new AuditEntry
            {
                UserId = membership.UserId,
                Actor = actor,
                At = now,
                Action = decision == MembershipDecision.Approve ? ApprovedAction : RefusedAction,
                Changes = [new FieldChange("Structure", null, membership.Structure!.CompanyName), new FieldChange("Status", nameof(MembershipStatus.Pending), membership.Status.ToString())],
            });
            notices.Add(new DecisionNotice(membership.User!.ContactEmail, membership.User.Language, membership.Structure.CompanyName, decision, membership.RefusalReason));
        }

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
}
