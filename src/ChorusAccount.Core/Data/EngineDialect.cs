namespace ChorusAccount.Core.Data;

/// <summary>What the three engines write differently, for the few places where the model or a hand-written query must say it.</summary>
internal static class EngineDialect
{
    private const string SqlServer = "Microsoft.EntityFrameworkCore.SqlServer";

    /// <summary>
    /// The collation that orders text by code point. A word-prefix range (« orl » ≤ token &lt; « orm ») holds every
    /// token starting with the prefix only in that order: linguistic collations put punctuation, case and some letter
    /// pairs elsewhere.
    /// </summary>
    public static string? OrdinalCollation(string? providerName) => providerName switch
    {
        "Microsoft.EntityFrameworkCore.Sqlite" => "BINARY",
        SqlServer => "Latin1_General_100_BIN2",
        "Npgsql.EntityFrameworkCore.PostgreSQL" => "C",
        _ => null,
    };

    /// <summary>The clause that keeps <paramref name="count"/> rows of an ordered query, after <paramref name="offset"/>.</summary>
    public static string Rows(string? providerName, string offset, string count) =>
        providerName == SqlServer ? $"OFFSET {offset} ROWS FETCH NEXT {count} ROWS ONLY" : $"LIMIT {count} OFFSET {offset}";
}
