using ChorusAccount.Core.Data;
using ChorusAccount.Core.Memberships;
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
    public static async Task<IReadOnlyList<SubscriptionRow>> ForUserAsync(ChorusAccountDbContext db, Guid userId, CancellationToken ct) =>
        (await ReadAsync(db, userId, ct)).Rows;

    /// <summary><see cref="ForUserAsync"/>, and whether the user manages a structure from « Activités du gestionnaire » (<see cref="ManagerScope.AnyAsync"/>), from the same rows.</summary>
    public static async Task<(IReadOnlyList<SubscriptionRow> Rows, bool Manages)> ReadAsync(ChorusAccountDbContext db, Guid userId, CancellationToken ct) =>
        Read(userId, await UserLineRows.LoadAsync(db, userId, ct));

    /// <summary><see cref="ReadAsync"/> from the user's rows already read.</summary>
    internal static (IReadOnlyList<SubscriptionRow> Rows, bool Manages) Read(Guid userId, UserLineRows read)
    {
        var held = SpaceLines.ActiveOf(userId, read.Attachments, read.Stored).ToList();
        var requests = read.Stored
            .Where(s => (s.Status == SubscriptionStatus.Pending || s.Status == SubscriptionStatus.Refused) && SpaceLines.IsCovered(s, read.Attachments))
            .ToList();
        var structures = read.StructureNames;
        var services = read.ServiceLabels;
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

        IReadOnlyList<SubscriptionRow> ordered = [.. rows
            .OrderBy(r => r.StructureName, StringComparer.CurrentCulture)
            .ThenBy(r => r.ServiceLabel is not null)
            .ThenBy(r => r.ServiceLabel, StringComparer.CurrentCulture)
            .ThenBy(r => spaces[r.SpaceId].SortOrder)
            .ThenBy(r => r.Status)];
        return (ordered, ManagerScope.AnyOf(held, read.Attachments));
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

/// <summary>
/// What « Mes abonnements » needs about one user, in three short statements over the user's own rows: its active
/// attachments (with their structures' names), the services of those attached to services, and all its stored
/// subscription rows (with their services' labels). The lines are derived from them by <see cref="SpaceLines.ActiveOf"/>.
/// </summary>
internal sealed record UserLineRows(
    IReadOnlyList<(Guid StructureId, AttachmentScope Scope)> Attachments,
    IReadOnlyList<Subscription> Stored,
    IReadOnlyDictionary<Guid, string> StructureNames,
    IReadOnlyDictionary<Guid, string> ServiceLabels)
{
    /// <summary>An active attachment of the user, as read for « Mes rattachements »: its structure, role and services (id, label).</summary>
    public sealed record ActiveAttachment(Guid StructureId, string StructureName, MembershipRole Role, bool WholeStructure, IReadOnlyList<(Guid Id, string Label)> Services);

    public static async Task<UserLineRows> LoadAsync(ChorusAccountDbContext db, Guid userId, CancellationToken ct)
    {
        var memberships = await db.Memberships.AsNoTracking()
            .Where(m => m.UserId == userId && m.Status == MembershipStatus.Active)
            .Select(m => new { m.Id, m.StructureId, m.Structure!.CompanyName, m.Role, m.WholeStructure })
            .ToListAsync(ct);
        var services = await MembershipServiceLabels.ForAsync(db, memberships.Where(m => !m.WholeStructure).Select(m => m.Id), ct);
        return await FromMembershipsAsync(db, userId, [.. memberships.Select(m => new ActiveAttachment(m.StructureId, m.CompanyName, m.Role, m.WholeStructure,
            [.. services[m.Id].Select(s => (s.Id, s.Label))]))], ct);
    }

    /// <summary>The rows from the user's active attachments already read, and its subscription rows (one statement).</summary>
    public static async Task<UserLineRows> FromMembershipsAsync(ChorusAccountDbContext db, Guid userId, IReadOnlyList<ActiveAttachment> active, CancellationToken ct)
    {
        if (active.Count == 0)
        {
            return new([], [], new Dictionary<Guid, string>(), new Dictionary<Guid, string>());
        }

        var stored = await db.Subscriptions.AsNoTracking()
            .Where(s => s.UserId == userId)
            .Select(s => new { Row = s, Label = s.ServiceUnit == null ? null : s.ServiceUnit.Label })
            .ToListAsync(ct);

        return new(
            [.. active.Select(a => (a.StructureId, new AttachmentScope(a.Role, a.WholeStructure, [.. a.Services.Select(s => s.Id)])))],
            [.. stored.Select(s => s.Row)],
            active.DistinctBy(a => a.StructureId).ToDictionary(a => a.StructureId, a => a.StructureName),
            active.SelectMany(a => a.Services)
                .Concat(stored.Where(s => s.Row.ServiceUnitId is not null).Select(s => (Id: s.Row.ServiceUnitId!.Value, Label: s.Label!)))
                .DistinctBy(s => s.Id)
                .ToDictionary(s => s.Id, s => s.Label));
    }
}
