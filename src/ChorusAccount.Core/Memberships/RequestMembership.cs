using ChorusAccount.Core.Auditing;
using ChorusAccount.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Memberships;

/// <param name="NobodyDecides">The request is pending, but no manager can decide it yet (<see cref="StructureManagers.DecidesMembership"/>).</param>
public sealed record RequestMembershipResult(MembershipRefusal? Refusal, Guid? MembershipId, bool NobodyDecides = false);

/// <summary>
/// « Valider » on the request form: a pending membership addressed to the managers who decide it (for the whole
/// structure: its whole-structure managers; for services: those whose services reach each of them). The same form posted
/// again (its <see cref="MembershipRequest.RequestKey"/>) answers with the request it made, and writes nothing more, even
/// when both posts arrive at once.
/// </summary>
public sealed class RequestMembership(ChorusAccountDbContext db, TimeProvider clock)
{
    public const string RequestedAction = "MembershipRequested";

    public async Task<RequestMembershipResult> ExecuteAsync(Guid userId, string actor, MembershipRequest request, CancellationToken ct)
    {
        if (await MadeByAsync(userId, request.RequestKey, ct) is { } made)
        {
            return new(null, made);
        }

        var structure = await db.Structures.AsNoTracking()
            .Where(s => s.Id == request.StructureId && s.IsActive)
            .Select(s => new { s.Id, s.CompanyName, ServiceIds = s.Services.Where(u => u.IsActive).Select(u => u.Id).ToList() })
            .SingleOrDefaultAsync(ct);
        if (structure is null)
        {
            return new(MembershipRefusal.StructureNotFound, null);
        }

        var existing = await db.Memberships.AsNoTracking()
            .Where(m => m.UserId == userId && m.StructureId == structure.Id
                && (m.Status == MembershipStatus.Active || m.Status == MembershipStatus.Pending))
            .Select(m => new MembershipScope(m.WholeStructure, m.Services.Select(s => s.ServiceUnitId).ToList()))
            .ToListAsync(ct);
        // Both « Rattacher à la structure » and services is refused by the rules, not resolved here.
        var serviceIds = request.ServiceIds.Distinct().ToList();
        var refusal = MembershipRules.Check(request with { ServiceIds = serviceIds }, structure.ServiceIds.ToHashSet(), existing);
        if (refusal is not null)
        {
            return new(refusal, null);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var membership = new Membership
        {
            UserId = userId,
            StructureId = structure.Id,
            Role = MembershipRole.Member,
            Status = MembershipStatus.Pending,
            Origin = MembershipOrigin.Portal,
            WholeStructure = request.WholeStructure,
            StartDate = request.StartDate,
            EndDate = request.EndDate,
            RequestedAt = now,
            RequestKey = request.RequestKey,
            Services = [.. serviceIds.Select(id => new MembershipService { ServiceUnitId = id })],
        };
        db.Memberships.Add(membership);

        var lines = await StructureManagers.LinesOfStructuresAsync(db, [structure.Id], ParisDate.OfUtc(now), ct);
        var deciders = StructureManagers.AnnounceRequest(db, StructureManagers.DecidersOf(membership, lines), structure.Id, null, now);
        db.AuditEntries.Add(new AuditEntry
        {
            UserId = userId,
            Actor = actor,
            At = now,
            Action = RequestedAction,
            Changes = [new FieldChange("Structure", null, structure.CompanyName)],
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (request.RequestKey is not null)
        {
            // The other post of the same form saved it between our check and our insert: nothing of this one was written.
            db.ChangeTracker.Clear();
            if (await MadeByAsync(userId, request.RequestKey, ct) is { } other)
            {
                return new(null, other);
            }

            throw;
        }

        return new(null, membership.Id, deciders == 0);
    }

    private async Task<Guid?> MadeByAsync(Guid userId, Guid? requestKey, CancellationToken ct) =>
        requestKey is { } key
            ? await db.Memberships.AsNoTracking().Where(m => m.UserId == userId && m.RequestKey == key).Select(m => (Guid?)m.Id).FirstOrDefaultAsync(ct)
            : null;
}
