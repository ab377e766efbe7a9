using ChorusAccount.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Subscriptions;

/// <summary>
/// One line of « Mes abonnements aux espaces »: a structure – service – space triplet (a null service is the whole
/// structure), its mode and its status (Active, Pending, Refused or Expired).
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
    /// The lines of <see cref="SpaceLines.OfUser"/> and the user's requests still to be seen, named, in one statement: the
    /// default lines (<see cref="SpaceLines.DefaultsOfUser"/>), then every stored row but a withdrawal that a membership in
    /// force still covers (<see cref="SpaceLines.CoveredOfUser"/>): validated (the held ones), pending, refused, expired.
    /// By structure, service (whole structure first), space. The statement is compiled once (<see cref="CompiledUserQuery{T}"/>).
    /// </summary>
    public static async Task<IReadOnlyList<SubscriptionRow>> ForUserAsync(ChorusAccountDbContext db, Guid userId, DateOnly today, CancellationToken ct)
    {
        var named = await _named.ToListAsync(db, userId, today, ct);
        var spaces = SpaceCatalog.ById;
        return [.. named
            .Select(n =>
            {
                var l = n.Line;
                var space = spaces[l.SpaceId];
                var key = l.SubscriptionId is { } id ? SubscriptionLineKey.ForRequest(id) : SubscriptionLineKey.ForDefault(l.StructureId, l.ServiceUnitId, l.SpaceId);
                return new SubscriptionRow(key, l.StructureId, n.CompanyName, l.ServiceUnitId, n.ServiceLabel,
                    l.SpaceId, space.Code, space.LabelFr, space.LabelEn, l.Mode, l.Status, l.IsDefault, l.SubscriptionId);
            })
            // Two memberships to one structure (the whole of it, and some services) may grant the same default line once each.
            .DistinctBy(r => r.Key)
            .OrderBy(r => r.StructureName, StringComparer.CurrentCulture)
            .ThenBy(r => r.ServiceLabel is not null)
            .ThenBy(r => r.ServiceLabel, StringComparer.CurrentCulture)
            .ThenBy(r => spaces[r.SpaceId].SortOrder)
            .ThenBy(r => r.Status)];
    }

    /// <summary>The user's lines named by <paramref name="keys"/>; null when none is given or any is not one of them.</summary>
    public static async Task<IReadOnlyList<SubscriptionRow>?> SelectAsync(
        ChorusAccountDbContext db, Guid userId, IReadOnlyCollection<string> keys, DateOnly today, CancellationToken ct)
    {
        var wanted = keys.Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return null;
        }

        var rows = (await ForUserAsync(db, userId, today, ct)).Where(r => wanted.Contains(r.Key, StringComparer.Ordinal)).ToList();
        return rows.Count == wanted.Count ? rows : null;
    }

    private static readonly CompiledUserQuery<NamedLine> _named = new(Query);

    private static IQueryable<NamedLine> Query(ChorusAccountDbContext db, Guid userId, DateOnly today)
    {
        var lines =
            SpaceLines.DefaultsOfUser(db, userId, today).Select(l => new Line
            {
                StructureId = l.StructureId,
                ServiceUnitId = l.ServiceUnitId,
                SpaceId = l.SpaceId,
                Mode = l.Mode,
                Status = SubscriptionStatus.Active,
                IsDefault = true,
                SubscriptionId = null,
            })
            .Concat(SpaceLines.CoveredOfUser(db, userId, today)
                .Where(s => s.Status != SubscriptionStatus.Withdrawn)
                .Select(s => new Line
                {
                    StructureId = s.StructureId,
                    ServiceUnitId = s.ServiceUnitId,
                    SpaceId = s.SpaceId,
                    Mode = s.Mode,
                    Status = s.Status,
                    IsDefault = false,
                    SubscriptionId = s.Id,
                }));
        // Named row by row through the primary keys: a join over the union lets SQLite scan the structures first.
        return lines
            .Select(l => new NamedLine
            {
                Line = l,
                CompanyName = db.Structures.Where(st => st.Id == l.StructureId).Select(st => st.CompanyName).First(),
                ServiceLabel = db.ServiceUnits.Where(su => su.Id == l.ServiceUnitId).Select(su => su.Label).FirstOrDefault(),
            });
    }

    /// <summary>A line and the names it is shown with.</summary>
    private sealed class NamedLine
    {
        public Line Line { get; init; } = null!;
        public string CompanyName { get; init; } = "";
        public string? ServiceLabel { get; init; }
    }

    /// <summary>A held line or a request, before it is named.</summary>
    private sealed class Line
    {
        public Guid StructureId { get; init; }
        public Guid? ServiceUnitId { get; init; }
        public int SpaceId { get; init; }
        public SubscriptionMode Mode { get; init; }
        public SubscriptionStatus Status { get; init; }
        public bool IsDefault { get; init; }
        public Guid? SubscriptionId { get; init; }
    }
}
