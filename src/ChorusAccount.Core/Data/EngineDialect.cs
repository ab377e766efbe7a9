namespace ChorusAccount.Core.Data;

/// <summary>What the three engines write differently, for the few places where the model or a hand-written query must say it.</summary>
internal static class EngineDialect
{
    private const string SqlServer = "Microsoft.EntityFrameworkCore.SqlServer";
    private const string PostgreSql = "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>
    /// The collation that orders text by code point. A word-prefix range (« orl » ≤ token &lt; « orm ») holds every
    /// token starting with the prefix only in that order: linguistic collations put punctuation, case and some letter
    /// pairs elsewhere.
    /// </summary>
    public static string? OrdinalCollation(string? providerName) => providerName switch
    {
        "Microsoft.EntityFrameworkCore.Sqlite" => "BINARY",
        SqlServer => "Latin1_General_100_BIN2",
        PostgreSql => "C",
        _ => null,
    };

    /// <summary>The clause that keeps <paramref name="count"/> rows of an ordered query, after <paramref name="offset"/>.</summary>
    public static string Rows(string? providerName, string offset, string count) =>
        providerName == SqlServer ? $"OFFSET {offset} ROWS FETCH NEXT {count} ROWS ONLY" : $"LIMIT {count} OFFSET {offset}";

    /// <summary>
    /// The statement that refreshes the planner's statistics of these tables, for the engine that plans from statistics
    /// only a background job keeps current: PostgreSQL, whose autovacuum analyses a table up to a minute after it grew, so
    /// that a table a bulk load made grow many times over still looks small to it and is scanned whole. SQLite's planner
    /// takes an index as selective without statistics, and SQL Server refreshes them itself before planning: null.
    /// </summary>
    public static string? RefreshStatistics(string? providerName, IEnumerable<string> tables) =>
        providerName == PostgreSql ? "ANALYZE " + string.Join(", ", tables.Select(t => $"\"{t}\"")) : null;
}
