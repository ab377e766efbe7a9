using ChorusAccount.Core.Data;
using ChorusAccount.Core.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Memberships;

/// <summary>A pending request nobody can decide: <see cref="Subscription"/> is null for a membership request.</summary>
public sealed record RequestWithoutDeciderRow(
    Guid StructureId, string StructureName, string StructureIdentifier, string RequesterName, string RequesterLogin,
    bool WholeStructure, IReadOnlyList<string> Services, SubscriptionSubject? Subscription, DateTime RequestedAt);

/// <summary>
/// For operators: the pending requests no manager can decide (<see cref="StructureManagers.DecidersOf(Membership, IReadOnlyCollection{SpaceLine})"/>
/// finds nobody): the structure has no manager in force holding « Activités du gestionnaire », or none for the service
/// asked. By structure, oldest request first.
/// </summary>
public sealed class GetRequestsWithoutDecider(ChorusAccountDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<RequestWithoutDeciderRow>> ExecuteAsync(CancellationToken ct)
    {
        var today = ParisDate.Today(clock);
        var memberships = await db.Memberships.AsNoTracking()
            .Include(m => m.Services).ThenInclude(s => s.ServiceUnit)
            .Include(m => m.Structure)
            .Include(m => m.User)
            .Where(m => m.Status == MembershipStatus.Pending)
            .ToListAsync(ct);
        var subscriptions = await SpaceLines.Covered(db, today).AsNoTracking()
            .Include(s => s.Structure)
            .Include(s => s.ServiceUnit)
            .Include(s => s.User)
            .Where(s => s.Status == SubscriptionStatus.Pending)
            .ToListAsync(ct);
        var lines = await StructureManagers.LinesOfStructuresAsync(db, memberships.Select(m => m.StructureId).Concat(subscriptions.Select(s => s.StructureId)), today, ct);

        var rows = memberships
            .Where(m => StructureManagers.DecidersOf(m, lines).Count == 0)
            .Select(m => new RequestWithoutDeciderRow(
                m.StructureId, m.Structure!.CompanyName, m.Structure.Identifier, m.User!.DisplayName, m.User!.Login, m.WholeStructure,
                [.. m.Services.Select(s => s.ServiceUnit!.Label).Order(StringComparer.CurrentCulture)], null, m.RequestedAt))
            .Concat(subscriptions
                .Where(s => StructureManagers.DecidersOf(s, lines).Count == 0)
                .Select(s =>
                {
                    var space = SpaceCatalog.ById[s.SpaceId];
                    return new RequestWithoutDeciderRow(
                        s.StructureId, s.Structure!.CompanyName, s.Structure.Identifier, s.User!.DisplayName, s.User!.Login, s.ServiceUnitId is null,
                        s.ServiceUnit is { } service ? [service.Label] : [], new SubscriptionSubject(space.LabelFr, space.LabelEn, s.ServiceUnit?.Label, s.Mode), s.RequestedAt);
                }));
        return [.. rows.OrderBy(r => r.StructureName, StringComparer.CurrentCulture).ThenBy(r => r.StructureId).ThenBy(r => r.RequestedAt)];
    }
}
