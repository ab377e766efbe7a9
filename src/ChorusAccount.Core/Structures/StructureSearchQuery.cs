using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using System.Text;
using ChorusAccount.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace ChorusAccount.Core.Structures;

/// <summary>A criterion as the token index reads it: one token (<see cref="End"/> null), or the tokens from <see cref="From"/> up to <see cref="End"/>.</summary>
internal sealed record SearchTerm(StructureSearchField Field, string From, string? End)
{
    public bool IsExact => End is null;
}

/// <summary>
/// The first matches of token criteria, in page order (raison sociale, then id), as one hand-written query:
/// <code>
/// SELECT CompanyName, StructureId FROM tokens WHERE Field = @f AND Token = @t [AND EXISTS (prefix criteria)]
/// INTERSECT SELECT … ORDER BY CompanyName, StructureId LIMIT @n
/// </code>
/// Each single-token criterion comes out of the (Field, Token, CompanyName, StructureId) index already in page order,
/// and an INTERSECT that carries the ORDER BY itself lets SQLite merge those sorted ranges and stop at the limit, with
/// no sort. EF Core would put the ORDER BY in an outer query, where SQLite sorts every match first.
/// A criterion whose prefix spans several tokens is checked per candidate through the token key instead, on the
/// smallest range.
/// </summary>
internal static class StructureSearchQuery
{
    /// <summary>Ranges are compared up to this size: enough to tell a rare word from a common one, cheap to count.</summary>
    private const int SizeCap = 5_000;

    public static async Task<List<Guid>> FirstMatchesAsync(ChorusAccountDbContext db, IReadOnlyList<SearchTerm> terms, int limit, CancellationToken ct)
    {
        // The sorted ranges: every single-token criterion, or else one prefix criterion (sorted by the engine).
        // The other criteria are checks, placed on the smallest range: the one the merge reads fewest rows of.
        var exact = terms.Where(t => t.IsExact).ToList();
        var hosts = exact.Count > 0 ? exact : [.. terms];
        var hasChecks = hosts.Count < terms.Count || exact.Count == 0;
        if (hosts.Count > 1 && hasChecks)
        {
            var sizes = new Dictionary<SearchTerm, int>();
            foreach (var host in hosts)
            {
                sizes[host] = await db.StructureSearchTokens.Where(Matches(host)).Take(SizeCap).CountAsync(ct);
            }

            hosts = [.. hosts.OrderBy(h => sizes[h])];
        }

        var ranges = exact.Count > 0 ? hosts : [hosts[0]];
        var checks = terms.Except(ranges).ToList();

        var names = Names.Of(db);
        var values = new List<object>();
        string Value(object value)
        {
            values.Add(value);
            return $"{{{values.Count - 1}}}";
        }

        string Condition(string alias, SearchTerm term) => term.End is null
            ? $"{alias}.{names.Field} = {Value((int)term.Field)} AND {alias}.{names.Token} = {Value(term.From)}"
            : $"{alias}.{names.Field} = {Value((int)term.Field)} AND {alias}.{names.Token} >= {Value(term.From)} AND {alias}.{names.Token} < {Value(term.End)}";

        var sql = new StringBuilder();
        foreach (var range in ranges)
        {
            sql.Append(sql.Length == 0 ? "" : " INTERSECT ")
                // INTERSECT removes duplicates; a range alone may hold a structure twice (two words starting alike).
                .Append(ranges.Count == 1 && !range.IsExact ? "SELECT DISTINCT " : "SELECT ")
                .Append($"a.{names.CompanyName}, a.{names.StructureId} FROM {names.Table} a WHERE ").Append(Condition("a", range));
            // The checks go on the first range only: the merge reads each candidate there once.
            foreach (var check in range == ranges[0] ? checks : [])
            {
                sql.Append($" AND EXISTS (SELECT 1 FROM {names.Table} p WHERE p.{names.StructureId} = a.{names.StructureId} AND ").Append(Condition("p", check)).Append(')');
            }
        }

        sql.Append($" ORDER BY {names.CompanyName}, {names.StructureId} ").Append(EngineDialect.FirstRows(db.Database.ProviderName, Value(limit)));
        var hits = await db.Database.SqlQuery<SearchHit>(FormattableStringFactory.Create(sql.ToString(), [.. values])).ToListAsync(ct);
        return [.. hits.Select(h => h.StructureId)];
    }

    private static Expression<Func<StructureSearchToken, bool>> Matches(SearchTerm term) => term.End is null
        ? t => t.Field == term.Field && t.Token == term.From
        : t => t.Field == term.Field && t.Token.CompareTo(term.From) >= 0 && t.Token.CompareTo(term.End) < 0;

    private sealed class SearchHit
    {
        public required string CompanyName { get; init; }
        public Guid StructureId { get; init; }
    }

    /// <summary>The table's and columns' names as the model maps them, delimited for the engine.</summary>
    private sealed record Names(string Table, string Field, string Token, string CompanyName, string StructureId)
    {
        public static Names Of(DbContext db)
        {
            var entity = db.Model.FindEntityType(typeof(StructureSearchToken))!;
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var sql = db.GetService<ISqlGenerationHelper>();
            string Column(string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(table)!);
            return new Names(
                sql.DelimitIdentifier(table.Name, table.Schema),
                Column(nameof(StructureSearchToken.Field)),
                Column(nameof(StructureSearchToken.Token)),
                Column(nameof(StructureSearchToken.CompanyName)),
                Column(nameof(StructureSearchToken.StructureId)));
        }
    }
}
