using ChorusAccount.Core.Auditing;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Memberships;

public enum WithdrawOutcome
{
    Withdrawn,

    /// <summary>Not a request of the user's, or no longer pending (decided, expired, withdrawn in another tab).</summary>
    NotFound,
}

/// <summary>
/// « Retirer la demande »: the requester takes back its own pending membership or subscription request. The request is
/// removed (nothing was granted, nothing is left to decide) and the user's history keeps a line of it. A request decided
/// meanwhile is not found: the decision stands.
/// </summary>
public sealed class WithdrawRequest(ChorusAccountDbContext db, TimeProvider clock)
{
    public const string MembershipAction = "MembershipRequestWithdrawn";
    public const string SubscriptionAction = "SubscriptionRequestWithdrawn";

    public async Task<WithdrawOutcome> MembershipAsync(Guid userId, string actor, Guid membershipId, CancellationToken ct)
    {
        var membership = await db.Memberships.Include(m => m.Structure)
            .SingleOrDefaultAsync(m => m.Id == membershipId && m.UserId == userId && m.Status == MembershipStatus.Pending, ct);
        if (membership is null)
        {
            return WithdrawOutcome.NotFound;
        }

        db.Memberships.Remove(membership);
        db.AuditEntries.Add(new AuditEntry
        {
            UserId = userId,
            Actor = actor,
            At = clock.GetUtcNow().UtcDateTime,
            Action = MembershipAction,
            Changes = [new FieldChange("Structure", membership.Structure!.CompanyName, membership.Structure.CompanyName)],
        });
        return await SaveAsync(ct);
    }

    public async Task<WithdrawOutcome> SubscriptionAsync(Guid userId, string actor, Guid subscriptionId, CancellationToken ct)
    {
        var subscription = await db.Subscriptions.Include(s => s.Structure).Include(s => s.ServiceUnit)
            .SingleOrDefaultAsync(s => s.Id == subscriptionId && s.UserId == userId && s.Status == SubscriptionStatus.Pending, ct);
        if (subscription is null)
        {
            return WithdrawOutcome.NotFound;
        }

        db.Subscriptions.Remove(subscription);
        var triplet = new SubscriptionTriplet(subscription.Structure!.CompanyName, subscription.ServiceUnit?.Label, SpaceCatalog.ById[subscription.SpaceId].Code);
        db.AuditEntries.Add(SubscriptionAudit.Entry(userId, actor, clock.GetUtcNow().UtcDateTime, SubscriptionAction, triplet, SubscriptionStatus.Pending, null));
        return await SaveAsync(ct);
    }

    // A manager's decision saved between our read and our delete wins (the request's concurrency version).
    private async Task<WithdrawOutcome> SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return WithdrawOutcome.Withdrawn;
        }
        catch (DbUpdateConcurrencyException)
        {
            return WithdrawOutcome.NotFound;
        }
    }
}
