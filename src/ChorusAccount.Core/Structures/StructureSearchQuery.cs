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
/// The matches of token criteria in page order (raison sociale, then id), as hand-written SQL:
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
internal sealed class StructureSearchQuery
{
    /// <summary>Ranges are compared up to this size: enough to tell a rare word from a common one, cheap to count.</summary>
    private const int SizeCap = 20_000;

    private readonly ChorusAccountDbContext _db;
    private readonly Names _names;
    private readonly string _matches;
    private readonly List<object> _values;

    private StructureSearchQuery(ChorusAccountDbContext db, Names names, string matches, List<object> values)
    {
        _db = db;
        _names = names;
        _matches = matches;
        _values = values;
    }

    /// <summary>The first and last token each word begins (null when none), in one statement of two index seeks per word.</summary>
    public static async Task<List<(string? First, string? Last)>> BoundsAsync(
        ChorusAccountDbContext db, IReadOnlyList<(StructureSearchField Field, string Word)> words, CancellationToken ct)
    {
        var names = Names.Of(db);
        var values = new List<object>();
        var sql = new StringBuilder();
        for (var i = 0; i < words.Count; i++)
        {
            var range = new SearchTerm(words[i].Field, words[i].Word, StructureSearchTokens.PrefixEnd(words[i].Word));
            sql.Append(i == 0 ? "SELECT " : " UNION ALL SELECT ").Append(i).Append($" AS {names.Quote("Word")}, ")
                .Append($"(SELECT MIN(t.{names.Token}) FROM {names.Table} t WHERE {Condition(names, "t", range, values)}) AS {names.Quote("First")}, ")
                .Append($"(SELECT MAX(t.{names.Token}) FROM {names.Table} t WHERE {Condition(names, "t", range, values)}) AS {names.Quote("Last")}");
        }

        var bounds = await db.Database.SqlQuery<WordBounds>(FormattableStringFactory.Create(sql.ToString(), [.. values])).ToListAsync(ct);
        return [.. bounds.OrderBy(b => b.Word).Select(b => (b.First, b.Last))];
    }

    /// <summary>Writes the statement for these terms; counts the candidate ranges first when that decides where the checks go.</summary>
    public static async Task<StructureSearchQuery> PrepareAsync(ChorusAccountDbContext db, IReadOnlyList<SearchTerm> terms, CancellationToken ct)
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
        var sql = new StringBuilder();
        foreach (var range in ranges)
        {
            sql.Append(sql.Length == 0 ? "" : " INTERSECT ")
                // INTERSECT removes duplicates; a range alone may hold a structure twice (two words starting alike).
                .Append(ranges.Count == 1 && !range.IsExact ? "SELECT DISTINCT " : "SELECT ")
                .Append($"a.{names.CompanyName}, a.{names.StructureId} AS {names.Quote("Value")} FROM {names.Table} a WHERE ").Append(Condition(names, "a", range, values));
            // The checks go on the first range only: the merge reads each candidate there once.
            foreach (var check in range == ranges[0] ? checks : [])
            {
                sql.Append($" AND EXISTS (SELECT 1 FROM {names.Table} p WHERE p.{names.StructureId} = a.{names.StructureId} AND ")
                    .Append(Condition(names, "p", check, values)).Append(')');
            }
        }

        // Only the id is read back (EF Core's scalar query reads the column named Value).
        sql.Append($" ORDER BY {names.CompanyName}, {names.Quote("Value")} ");
        return new StructureSearchQuery(db, names, sql.ToString(), values);
    }

    /// <summary>
    /// How many matches there are, up to <paramref name="limit"/>: counted by the engine over the same statement, so that
    /// no id comes back to be counted (reading back a thousand ids was a third of the search page's time).
    /// </summary>
    public async Task<int> CountAsync(int limit, CancellationToken ct)
    {
        var (sql, values) = Slice(0, limit);
        sql = $"SELECT COUNT(*) AS {_names.Quote("Value")} FROM ({sql}) {_names.Quote("m")}";
        return (await _db.Database.SqlQuery<int>(FormattableStringFactory.Create(sql, values)).ToListAsync(ct))[0];
    }

    /// <summary>The ids of <paramref name="count"/> matches from the <paramref name="offset"/>-th on, in page order.</summary>
    public async Task<List<Guid>> RowsAsync(int offset, int count, CancellationToken ct)
    {
        var (sql, values) = Slice(offset, count);
        return await _db.Database.SqlQuery<Guid>(FormattableStringFactory.Create(sql, values)).ToListAsync(ct);
    }

    /// <summary>The matches from the <paramref name="offset"/>-th on, <paramref name="count"/> at most: the statement both reads build on.</summary>
    private (string Sql, object[] Values) Slice(int offset, int count)
    {
        var values = new List<object>(_values);
        var sql = _matches + EngineDialect.Rows(_db.Database.ProviderName, Value(values, offset), Value(values, count));
        return (sql, [.. values]);
    }

    private static string Value(List<object> values, object value)
    {
        values.Add(value);
        return $"{{{values.Count - 1}}}";
    }

    private static string Condition(Names names, string alias, SearchTerm term, List<object> values) => term.End is null
        ? $"{alias}.{names.Field} = {Value(values, (int)term.Field)} AND {alias}.{names.Token} = {Value(values, term.From)}"
        : $"{alias}.{names.Field} = {Value(values, (int)term.Field)} AND {alias}.{names.Token} >= {Value(values, term.From)} AND {alias}.{names.Token} < {Value(values, term.End)}";

    private static Expression<Func<StructureSearchToken, bool>> Matches(SearchTerm term) => term.End is null
        ? t => t.Field == term.Field && t.Token == term.From
        : t => t.Field == term.Field && t.Token.CompareTo(term.From) >= 0 && t.Token.CompareTo(term.End) < 0;

    private sealed class WordBounds
    {
        public int Word { get; init; }
        public string? First { get; init; }
        public string? Last { get; init; }
    }

    /// <summary>The table's and columns' names as the model maps them, delimited for the engine.</summary>
    private sealed record Names(ISqlGenerationHelper Sql, string Table, string Field, string Token, string CompanyName, string StructureId)
    {
        public string Quote(string name) => Sql.DelimitIdentifier(name);

        public static Names Of(DbContext db)
        {
            var entity = db.Model.FindEntityType(typeof(StructureSearchToken))!;
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var sql = db.GetService<ISqlGenerationHelper>();
            string Column(string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(table)!);
            return new Names(
                sql,
                sql.DelimitIdentifier(table.Name, table.Schema),
                Column(nameof(StructureSearchToken.Field)),
                Column(nameof(StructureSearchToken.Token)),
                Column(nameof(StructureSearchToken.CompanyName)),
                Column(nameof(StructureSearchToken.StructureId)));
        }
    }
}
