using ChorusAccount.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Memberships;

/// <summary>
/// The services of some memberships, by service code, read in one indexed query. Projecting them as a collection inside
/// a membership query joins a sub-query that SQLite materialises whole (every MembershipServices row of the database)
/// on each call: the pages read their memberships first, then their services through this.
/// </summary>
internal static class MembershipServiceLabels
{
    public sealed record Service(Guid Id, string Code, string Label);

    public static async Task<ILookup<Guid, Service>> ForAsync(ChorusAccountDbContext db, IEnumerable<Guid> membershipIds, CancellationToken ct)
    {
        var ids = membershipIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return Array.Empty<(Guid, Service)>().ToLookup(s => s.Item1, s => s.Item2);
        }

        var rows = await _services.ToListAsync(db, ids, DateOnly.MinValue, ct);
        return rows.OrderBy(s => s.Code, StringComparer.Ordinal).ToLookup(s => s.MembershipId, s => new Service(s.ServiceUnitId, s.Code, s.Label));
    }

    // Compiled once (CompiledIdsQuery): every page showing memberships reads their services through it. The day is not part of it.
    private static readonly CompiledIdsQuery<Read> _services = new((db, membershipIds, _) =>
        db.MembershipServices.AsNoTracking()
            .Where(s => membershipIds.Contains(s.MembershipId))
            .Select(s => new Read { MembershipId = s.MembershipId, ServiceUnitId = s.ServiceUnitId, Code = s.ServiceUnit!.Code, Label = s.ServiceUnit.Label }));

    public static IReadOnlyList<string> Labels(this ILookup<Guid, Service> services, Guid membershipId) =>
        [.. services[membershipId].Select(s => s.Label)];

    private sealed class Read
    {
        public Guid MembershipId { get; init; }
        public Guid ServiceUnitId { get; init; }
        public string Code { get; init; } = "";
        public string Label { get; init; } = "";
    }
}
