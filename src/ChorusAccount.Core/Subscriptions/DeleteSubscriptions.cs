using ChorusAccount.Core.Data;
using ChorusAccount.Core.Memberships;
using LinqKit;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Subscriptions;

public enum DeleteSubscriptionsOutcome
{
    Deleted,
    NotFound,
    NotRemovable,
    ModifiedElsewhere,
}

/// <summary>
/// Deletes ticked lines of « Mes abonnements aux espaces », all or none. A default line is not stored: deleting it
/// stores its withdrawal. A requested line (pending, validated or refused) is removed. « Mon compte » stays.
/// </summary>
public sealed class DeleteSubscriptions(ChorusAccountDbContext db, TimeProvider clock)
{
    public async Task<DeleteSubscriptionsOutcome> ExecuteAsync(Guid userId, string actor, IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        var rows = await SubscriptionLines.SelectAsync(db, userId, keys, ParisDate.Today(clock), ct);
        if (rows is null)
        {
            return DeleteSubscriptionsOutcome.NotFound;
        }

        if (rows.Any(r => !r.Removable))
        {
            return DeleteSubscriptionsOutcome.NotRemovable;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var requestIds = rows.Where(r => r.SubscriptionId is not null).Select(r => r.SubscriptionId!.Value).ToList();
        var requests = await db.Subscriptions.Where(s => s.UserId == userId && requestIds.Contains(s.Id)).ToListAsync(ct);
        if (requests.Count != requestIds.Count)
        {
            return DeleteSubscriptionsOutcome.ModifiedElsewhere;
        }

        db.Subscriptions.RemoveRange(requests);
        foreach (var row in rows)
        {
            if (row.IsDefault)
            {
                db.Subscriptions.Add(new Subscription
                {
                    UserId = userId,
                    StructureId = row.StructureId,
                    ServiceUnitId = row.ServiceUnitId,
                    SpaceId = row.SpaceId,
                    Mode = row.Mode,
                    Status = SubscriptionStatus.Withdrawn,
                    RequestedAt = now,
                });
            }

            var action = row.IsDefault ? SubscriptionAudit.WithdrawnAction : SubscriptionAudit.DeletedAction;
            db.AuditEntries.Add(SubscriptionAudit.Entry(userId, actor, now, action, SubscriptionTriplet.Of(row), row.Status, row.IsDefault ? SubscriptionStatus.Withdrawn : null));
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A manager decided one of the requests meanwhile (its version changed), or it was already deleted.
            return DeleteSubscriptionsOutcome.ModifiedElsewhere;
        }

        return DeleteSubscriptionsOutcome.Deleted;
    }

    /// <summary>
    /// After memberships end: the user's rows of those structures that no remaining membership in force covers (a
    /// service no longer attached, or the whole structure) are removed, each requested one with a history line.
    /// </summary>
    public static async Task RemoveUncoveredAsync(
        ChorusAccountDbContext db, Guid userId, string actor, DateTime now, DateOnly today, IReadOnlyCollection<Membership> ending, CancellationToken ct)
    {
        var inForce = AccessRules.InForce(today);
        var structureIds = ending.Select(m => m.StructureId).Distinct().ToList();
        var endingIds = ending.Select(m => m.Id).ToList();
        var rows = await db.Subscriptions
            .Include(s => s.Structure).Include(s => s.ServiceUnit).Include(s => s.Space)
            .Where(s => s.UserId == userId && structureIds.Contains(s.StructureId)
                && !db.Memberships.Any(m => m.UserId == userId && m.StructureId == s.StructureId && !endingIds.Contains(m.Id)
                    && inForce.Invoke(m) && AccessRules.Covers.Invoke(m, s.ServiceUnitId)))
            .ToListAsync(ct);
        foreach (var row in rows)
        {
            db.Subscriptions.Remove(row);
            if (row.Status != SubscriptionStatus.Withdrawn)
            {
                var triplet = new SubscriptionTriplet(row.Structure!.CompanyName, row.ServiceUnit?.Label, row.Space!.Code);
                db.AuditEntries.Add(SubscriptionAudit.Entry(userId, actor, now, SubscriptionAudit.DeletedAction, triplet, row.Status, null));
            }
        }
    }
}
