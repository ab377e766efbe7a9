using ChorusAccount.Core.Data;
using ChorusAccount.Core.Memberships;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Subscriptions;

/// <summary>Refused, sent to the managers (a pending request), or a withdrawn default line given back at once.</summary>
/// <param name="NobodyDecides">The request is pending, but no manager can decide it yet (<see cref="StructureManagers.DecidesSubscription"/>).</param>
public sealed record RequestSubscriptionResult(SubscriptionRefusal? Refusal, Guid? SubscriptionId, bool Restored, bool NobodyDecides = false);

/// <summary>
/// « Ajouter un abonnement »: a space for one structure – service pair of the user's active memberships. A default
/// space the user had removed comes back without validation; any other is a pending request for the managers who decide
/// it: whole-structure managers, and for a service the managers of that service too.
/// </summary>
public sealed class RequestSubscription(ChorusAccountDbContext db, TimeProvider clock)
{
    public async Task<RequestSubscriptionResult> ExecuteAsync(Guid userId, string actor, SubscriptionRequest request, CancellationToken ct)
    {
        var today = ParisDate.Today(clock);
        var state = await RequesterState.LoadAsync(db, userId, request.StructureId, today, ct);
        if (state is null)
        {
            return new(SubscriptionRefusal.NotAttached, null, false);
        }

        var space = SpaceCatalog.ById.GetValueOrDefault(request.SpaceId);
        var check = state.Check(request, space);
        if (check.Refusal is { } refusal)
        {
            return new(refusal, null, false);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var triplet = new SubscriptionTriplet(state.Structure.Name, state.ServiceLabel(request.ServiceUnitId), space!.Code);
        if (check.RestoresDefault)
        {
            var withdrawn = await db.Subscriptions
                .Where(s => s.UserId == userId && s.StructureId == request.StructureId && s.ServiceUnitId == request.ServiceUnitId
                    && s.SpaceId == space.Id && s.Status == SubscriptionStatus.Withdrawn)
                .ToListAsync(ct);
            db.Subscriptions.RemoveRange(withdrawn);
            db.AuditEntries.Add(SubscriptionAudit.Entry(userId, actor, now, SubscriptionAudit.RestoredAction, triplet, SubscriptionStatus.Withdrawn, SubscriptionStatus.Active));
            await db.SaveChangesAsync(ct);
            return new(null, null, true);
        }

        var subscription = new Subscription
        {
            UserId = userId,
            StructureId = request.StructureId,
            ServiceUnitId = request.ServiceUnitId,
            SpaceId = space.Id,
            Mode = request.Mode,
            Status = SubscriptionStatus.Pending,
            RequestedAt = now,
        };
        db.Subscriptions.Add(subscription);

        var lines = await StructureManagers.LinesOfStructuresAsync(db, [request.StructureId], today, ct);
        var deciders = StructureManagers.AnnounceRequest(
            db, StructureManagers.DecidersOf(subscription, lines), request.StructureId, state.Structure.Services.FirstOrDefault(s => s.Id == request.ServiceUnitId)?.Code, now);
        db.AuditEntries.Add(SubscriptionAudit.Entry(userId, actor, now, SubscriptionAudit.RequestedAction, triplet, null, SubscriptionStatus.Pending,
            new Auditing.FieldChange("Mode", null, request.Mode.ToString())));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same request, posted twice at once, was saved by the other post between our check and our insert
            // (one pending request per line, IX_Subscriptions_OnePending…): nothing of this one was written.
            db.ChangeTracker.Clear();
            var after = await RequesterState.LoadAsync(db, userId, request.StructureId, today, ct);
            if (after?.Check(request, space).Refusal == SubscriptionRefusal.Duplicate)
            {
                return new(SubscriptionRefusal.Duplicate, null, false);
            }

            throw;
        }

        return new(null, subscription.Id, false, deciders == 0);
    }
}
