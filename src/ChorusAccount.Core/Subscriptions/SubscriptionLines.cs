using ChorusAccount.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Subscriptions;

/// <summary>
/// One line of « Mes abonnements aux espaces »: a structure – service – space triplet (a null service is the whole
/// structure), its mode and its status (Active, Pending or Refused).
/// </summary>
public sealed record SubscriptionRow(
    string Key,
    Guid StructureId,
    string StructureName,
    Guid? ServiceUnitId,
    string? ServiceLabel,
    int SpaceId,
    string SpaceCode,
    string SpaceLabelFr,
    string SpaceLabelEn,
    SubscriptionMode Mode,
    SubscriptionStatus Status,
    bool IsDefault,
    Guid? SubscriptionId)
{
    /// <summary>« Mon compte » cannot be removed.</summary>
    public bool Removable => SpaceCode != SpaceCatalog.MyAccount;

    public string SpaceLabel(bool english) => english ? SpaceLabelEn : SpaceLabelFr;
}

/// <summary>
/// How a line is named in a form: a stored request by its id; a default line, which is not stored, by its triplet
/// (<c>structure.service.space</c>, <c>-</c> for the whole structure).
/// </summary>
public static class SubscriptionLineKey
{
    private const string WholeStructure = "-";

    public static string ForRequest(Guid subscriptionId) => subscriptionId.ToString("D");

    public static string ForDefault(Guid structureId, Guid? serviceUnitId, int spaceId) =>
        $"{structureId:N}.{serviceUnitId?.ToString("N") ?? WholeStructure}.{spaceId}";
}

/// <summary>The lines of « Mes abonnements aux espaces », for the signed-in user only.</summary>
public static class SubscriptionLines
{
    /// <summary>
    /// The default and validated lines the user holds (<see cref="SpaceLines.Active"/>), then its pending and refused
    /// requests that an active attachment still covers; by structure, service (whole structure first), space.
    /// </summary>
    public static async Task<IReadOnlyList<SubscriptionRow>> ForUserAsync(ChorusAccountDbContext db, Guid userId, CancellationToken ct)
    {
        var held = await SpaceLines.Active(db).Where(l => l.UserId == userId).ToListAsync(ct);
        var requests = await SpaceLines.Covered(db).AsNoTracking()
            .Where(s => s.UserId == userId && (s.Status == SubscriptionStatus.Pending || s.Status == SubscriptionStatus.Refused))
            .Select(s => new { s.Id, s.StructureId, s.ServiceUnitId, s.SpaceId, s.Mode, s.Status })
            .ToListAsync(ct);

        var structureIds = held.Select(l => l.StructureId).Concat(requests.Select(r => r.StructureId)).Distinct().ToList();
        var serviceIds = held.Select(l => l.ServiceUnitId).Concat(requests.Select(r => r.ServiceUnitId)).OfType<Guid>().Distinct().ToList();
        var structures = await db.Structures.AsNoTracking().Where(s => structureIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.CompanyName, ct);
        var services = await db.ServiceUnits.AsNoTracking().Where(s => serviceIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Label, ct);
        var spaces = SpaceCatalog.ById;

        SubscriptionRow Row(string key, Guid structureId, Guid? serviceId, int spaceId, SubscriptionMode mode, SubscriptionStatus status, bool isDefault, Guid? id)
        {
            var space = spaces[spaceId];
            return new SubscriptionRow(key, structureId, structures[structureId], serviceId, serviceId is { } s ? services[s] : null,
                spaceId, space.Code, space.LabelFr, space.LabelEn, mode, status, isDefault, id);
        }

        var rows = held
            .Select(l => Row(
                l.SubscriptionId is { } id ? SubscriptionLineKey.ForRequest(id) : SubscriptionLineKey.ForDefault(l.StructureId, l.ServiceUnitId, l.SpaceId),
                l.StructureId, l.ServiceUnitId, l.SpaceId, l.Mode, SubscriptionStatus.Active, l.IsDefault, l.SubscriptionId))
            .Concat(requests.Select(r => Row(SubscriptionLineKey.ForRequest(r.Id), r.StructureId, r.ServiceUnitId, r.SpaceId, r.Mode, r.Status, false, r.Id)))
            // Two attachments to one structure (the whole of it, and some services) may grant the same default line once each.
            .DistinctBy(r => r.Key);

        return [.. rows
            .OrderBy(r => r.StructureName, StringComparer.CurrentCulture)
            .ThenBy(r => r.ServiceLabel is not null)
            .ThenBy(r => r.ServiceLabel, StringComparer.CurrentCulture)
            .ThenBy(r => spaces[r.SpaceId].SortOrder)
            .ThenBy(r => r.Status)];
    }

    /// <summary>The user's lines named by <paramref name="keys"/>; null when none is given or any is not one of them.</summary>
    public static async Task<IReadOnlyList<SubscriptionRow>?> SelectAsync(ChorusAccountDbContext db, Guid userId, IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        var wanted = keys.Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return null;
        }

        var rows = (await ForUserAsync(db, userId, ct)).Where(r => wanted.Contains(r.Key, StringComparer.Ordinal)).ToList();
        return rows.Count == wanted.Count ? rows : null;
    }
}
