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
    IReadOnlyList<AttachmentScope> Attachments,
    IReadOnlySet<Guid> ActiveServiceIds,
    IReadOnlyList<TakenLine> Taken,
    IReadOnlyList<TakenLine> Withdrawn)
{
    public string? ServiceLabel(Guid? serviceUnitId) => Structure.Services.FirstOrDefault(s => s.Id == serviceUnitId)?.Label;

    public SubscriptionCheck Check(SubscriptionRequest request, Space? space) =>
        SubscriptionRules.Check(request, space, Attachments, ActiveServiceIds, Taken, Withdrawn);

    /// <summary>The structures the user is actively attached to, by name; each with the services its attachments cover.</summary>
    public static async Task<IReadOnlyList<StructureChoice>> StructuresAsync(ChorusAccountDbContext db, Guid userId, Guid? structureId, CancellationToken ct)
    {
        var attachments = await AttachmentsAsync(db, userId, structureId, ct);
        var ids = attachments.Select(a => a.StructureId).Distinct().ToList();
        var services = await db.ServiceUnits.AsNoTracking()
            .Where(s => ids.Contains(s.StructureId) && s.IsActive)
            .Select(s => new { s.StructureId, Choice = new ServiceChoice(s.Id, s.Code, s.Label) })
            .ToListAsync(ct);
        return [.. attachments.GroupBy(a => a.StructureId)
            .Select(g => new StructureChoice(
                g.Key,
                g.First().Name,
                g.Any(a => a.Scope.WholeStructure),
                [.. services.Where(s => s.StructureId == g.Key && g.Any(a => a.Scope.Covers(s.Choice.Id))).Select(s => s.Choice)
                    .OrderBy(s => s.Label, StringComparer.CurrentCulture)]))
            .OrderBy(s => s.Name, StringComparer.CurrentCulture)];
    }

    /// <summary>Null when the user has no active attachment to the structure.</summary>
    public static async Task<RequesterState?> LoadAsync(ChorusAccountDbContext db, Guid userId, Guid structureId, CancellationToken ct)
    {
        var structure = (await StructuresAsync(db, userId, structureId, ct)).SingleOrDefault();
        if (structure is null)
        {
            return null;
        }

        var attachments = (await AttachmentsAsync(db, userId, structureId, ct)).Select(a => a.Scope).ToList();
        var activeServiceIds = await db.ServiceUnits.AsNoTracking()
            .Where(s => s.StructureId == structureId && s.IsActive).Select(s => s.Id).ToListAsync(ct);
        var held = await SpaceLines.Active(db)
            .Where(l => l.UserId == userId && l.StructureId == structureId)
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
        return new RequesterState(structure, attachments, activeServiceIds.ToHashSet(), taken, withdrawn);
    }

    private static async Task<List<(Guid StructureId, string Name, AttachmentScope Scope)>> AttachmentsAsync(
        ChorusAccountDbContext db, Guid userId, Guid? structureId, CancellationToken ct)
    {
        var rows = await db.Memberships.AsNoTracking()
            .Where(m => m.UserId == userId && m.Status == MembershipStatus.Active && (structureId == null || m.StructureId == structureId))
            .Select(m => new { m.StructureId, m.Structure!.CompanyName, m.Role, m.WholeStructure, Services = m.Services.Select(s => s.ServiceUnitId).ToList() })
            .ToListAsync(ct);
        return [.. rows.Select(r => (r.StructureId, r.CompanyName, new AttachmentScope(r.Role, r.WholeStructure, r.Services)))];
    }
}
