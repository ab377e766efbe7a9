using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Auditing;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Memberships;

public enum DeleteMembershipsOutcome
{
    Deleted,
    NotFound,
    SuccessorRequired,
    InvalidSuccessor,
    ModifiedElsewhere,
}

public sealed record DeleteMembershipsResult(DeleteMembershipsOutcome Outcome, Guid? MembershipId = null);

/// <summary>
/// « Supprimer rattachements »: simple and secondary users lose the membership (Status = Ended, the row kept for
/// the managers' history), with the subscriptions no other membership of theirs covers; an active primary manager hands
/// the role to a successor and stays as a simple user. All the ticked memberships or none.
/// </summary>
public sealed class DeleteMemberships(ChorusAccountDbContext db, TimeProvider clock)
{
    public const string EndedAction = "MembershipEnded";
    public const string HandedOverAction = "PrimaryManagerHandedOver";
    public const string ReceivedAction = "PrimaryManagerReceived";

    /// <param name="successors">For each active primary manager membership, the user who becomes primary manager.</param>
    public async Task<DeleteMembershipsResult> ExecuteAsync(
        Guid userId, string actor, IReadOnlyCollection<Guid> ids, IReadOnlyDictionary<Guid, Guid> successors, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        var memberships = await db.Memberships.Include(m => m.Structure)
            .Where(m => m.UserId == userId && wanted.Contains(m.Id) && m.Status != MembershipStatus.Ended)
            .ToListAsync(ct);
        if (wanted.Count == 0 || memberships.Count != wanted.Count)
        {
            return new(DeleteMembershipsOutcome.NotFound);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var today = ParisDate.Today(clock);
        var promotions = new List<Membership>();
        var ended = new List<Membership>();
        foreach (var membership in memberships)
        {
            if (!HandsOver(membership))
            {
                End(membership, today);
                ended.Add(membership);
                Audit(userId, actor, now, EndedAction, new FieldChange("Structure", membership.Structure!.CompanyName, null));
                continue;
            }

            if (!successors.TryGetValue(membership.Id, out var successorId))
            {
                return new(DeleteMembershipsOutcome.SuccessorRequired, membership.Id);
            }

            var successor = await db.Memberships.Include(m => m.User)
                .Where(m => m.StructureId == membership.StructureId && m.UserId == successorId && m.UserId != userId
                    && m.Status == MembershipStatus.Active && m.User!.Status == UserStatus.Active)
                .OrderByDescending(m => m.Role)
                .FirstOrDefaultAsync(ct);
            if (successor is null)
            {
                return new(DeleteMembershipsOutcome.InvalidSuccessor, membership.Id);
            }

            membership.Role = MembershipRole.Member;
            promotions.Add(successor);
            var structure = membership.Structure!.CompanyName;
            Audit(userId, actor, now, HandedOverAction, new FieldChange("Structure", structure, structure), new FieldChange("PrimaryManager", actor, successor.User!.Login));
            Audit(successor.UserId, actor, now, ReceivedAction, new FieldChange("Structure", structure, structure), new FieldChange("Role", successor.Role.ToString(), nameof(MembershipRole.PrimaryManager)));
        }

        await DeleteSubscriptions.RemoveUncoveredAsync(db, userId, actor, now, today, ended, ct);

        // The demotions are written before the promotions: the unique index on the primary manager sees one at a time.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
            foreach (var successor in promotions)
            {
                successor.Role = MembershipRole.PrimaryManager;
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A concurrent handover or decision got there first (version check or the unique primary manager index).
            await transaction.RollbackAsync(ct);
            return new(DeleteMembershipsOutcome.ModifiedElsewhere);
        }

        return new(DeleteMembershipsOutcome.Deleted);
    }

    public static bool HandsOver(Membership membership) =>
        membership.Role == MembershipRole.PrimaryManager && membership.Status == MembershipStatus.Active;

    private static void End(Membership membership, DateOnly today)
    {
        membership.Status = MembershipStatus.Ended;
        if (membership.StartDate <= today && (membership.EndDate is null || membership.EndDate > today))
        {
            membership.EndDate = today;
        }
    }

    private void Audit(Guid userId, string actor, DateTime now, string action, params FieldChange[] changes) =>
        db.AuditEntries.Add(new AuditEntry { UserId = userId, Actor = actor, At = now, Action = action, Changes = [.. changes] });
}
