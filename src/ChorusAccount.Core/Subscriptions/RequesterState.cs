using ChorusAccount.Core.Data;
using ChorusAccount.Core.Memberships;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Subscriptions;

/// <summary>A service a subscription may name.</summary>
public sealed record ServiceChoice(Guid Id, string Code, string Label);

/// <summary>A structure the user is actively attached to, with what a line may name there: the whole structure, its services.</summary>
public sealed record StructureChoice(Guid Id, string Name, bool WholeStructure, IReadOnlyList<ServiceChoice> Services);

/// <summary>What the subscription rules need about one requester and one structure, read in a few queries.</summary>
internal sealed record RequesterState(
    StructureChoice Structure,
    IReadOnlyList<Membership> Memberships,
    DateOnly Today,
    IReadOnlySet<Guid> ActiveServiceIds,
    IReadOnlyList<TakenLine> Taken,
    IReadOnlyList<TakenLine> Withdrawn)
{
    public string? ServiceLabel(Guid? serviceUnitId) => Structure.Services.FirstOrDefault(s => s.Id == serviceUnitId)?.Label;

    public SubscriptionCheck Check(SubscriptionRequest request, Space? space) =>
        SubscriptionRules.Check(request, space, Memberships, Today, ActiveServiceIds, Taken, Withdrawn);

    /// <summary>The structures the user has a membership in force to, by name; each with the services its memberships cover.</summary>
    public static async Task<IReadOnlyList<StructureChoice>> StructuresAsync(ChorusAccountDbContext db, Guid userId, Guid? structureId, DateOnly today, CancellationToken ct)
    {
        var memberships = await MembershipsAsync(db, userId, structureId, today, ct);
        return Choices(memberships, await ActiveServicesAsync(db, memberships, ct));
    }

    private static IReadOnlyList<StructureChoice> Choices(IReadOnlyList<Membership> memberships, IReadOnlyList<(Guid StructureId, ServiceChoice Choice)> services) =>
        [.. memberships.GroupBy(m => m.StructureId)
            .Select(g => new StructureChoice(
                g.Key,
                g.First().Structure!.CompanyName,
                g.Any(m => AccessRules.Compiled.Covers(m, null)),
                [.. services.Where(s => s.StructureId == g.Key && g.Any(m => AccessRules.Compiled.Covers(m, s.Choice.Id))).Select(s => s.Choice)
                    .OrderBy(s => s.Label, StringComparer.CurrentCulture)]))
            .OrderBy(s => s.Name, StringComparer.CurrentCulture)];

    /// <summary>The active services of the structures of the memberships read.</summary>
    private static async Task<IReadOnlyList<(Guid StructureId, ServiceChoice Choice)>> ActiveServicesAsync(
        ChorusAccountDbContext db, IReadOnlyList<Membership> memberships, CancellationToken ct)
    {
        var ids = memberships.Select(m => m.StructureId).Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var services = await db.ServiceUnits.AsNoTracking()
            .Where(s => ids.Contains(s.StructureId) && s.IsActive)
            .Select(s => new { s.StructureId, Choice = new ServiceChoice(s.Id, s.Code, s.Label) })
            .ToListAsync(ct);
        return [.. services.Select(s => (s.StructureId, s.Choice))];
    }

    /// <summary>Null when the user has no active membership to the structure.</summary>
    public static async Task<RequesterState?> LoadAsync(ChorusAccountDbContext db, Guid userId, Guid structureId, DateOnly today, CancellationToken ct)
    {
        var memberships = await MembershipsAsync(db, userId, structureId, today, ct);
        var services = await ActiveServicesAsync(db, memberships, ct);
        var structure = Choices(memberships, services).SingleOrDefault();
        if (structure is null)
        {
            return null;
        }

        var activeServiceIds = services.Select(s => s.Choice.Id).ToHashSet();
        var held = await SpaceLines.OfUser(db, userId, today)
            .Where(l => l.StructureId == structureId)
            .Select(l => new { l.ServiceUnitId, l.SpaceId })
            .ToListAsync(ct);
        var stored = await db.Subscriptions.AsNoTracking()
            .Where(s => s.UserId == userId && s.StructureId == structureId && (s.Status == SubscriptionStatus.Pending || s.Status == SubscriptionStatus.Withdrawn))
            .Select(s => new { s.ServiceUnitId, s.SpaceId, s.Status })
            .ToListAsync(ct);
        var taken = held.Select(l => new TakenLine(l.ServiceUnitId, l.SpaceId))
            .Concat(stored.Where(s => s.Status == SubscriptionStatus.Pending).Select(s => new TakenLine(s.ServiceUnitId, s.SpaceId)))
            .Distinct()
            .ToList();
        var withdrawn = stored.Where(s => s.Status == SubscriptionStatus.Withdrawn).Select(s => new TakenLine(s.ServiceUnitId, s.SpaceId)).Distinct().ToList();
        return new RequesterState(structure, memberships, today, activeServiceIds, taken, withdrawn);
    }

    /// <summary>The user's memberships in force on the day (to the structure, when one is named), with their structure and services.</summary>
    private static async Task<IReadOnlyList<Membership>> MembershipsAsync(ChorusAccountDbContext db, Guid userId, Guid? structureId, DateOnly today, CancellationToken ct) =>
        await db.Memberships.AsNoTracking()
            .Include(m => m.Structure)
            .Include(m => m.Services)
            .Where(m => m.UserId == userId && (structureId == null || m.StructureId == structureId))
            .Where(AccessRules.InForce(today))
            .ToListAsync(ct);
}
