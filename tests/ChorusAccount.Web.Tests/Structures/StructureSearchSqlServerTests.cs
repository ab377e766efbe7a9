using System.Data;
using System.Data.Common;
using System.Globalization;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Structures;
using ChorusAccount.Web.Configuration;
using ChorusAccount.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace ChorusAccount.Web.Tests.Structures;

/// <summary>
/// SQL Server cannot run here: the statements a search sends to it are captured (the connection is never opened,
/// the answers are made up) and read. Each criterion must be an index range on a binary-collated token.
/// </summary>
public sealed class StructureSearchSqlServerTests
{
    private static async Task<List<(string Text, object?[] Values)>> StatementsAsync(StructureSearchCriteria criteria)
    {
        var fake = new FakeSqlServer();
        var builder = new DbContextOptionsBuilder<ChorusAccountDbContext>();
        DatabaseSetup.Use(builder, DatabaseProvider.SqlServer, "Server=nowhere;Database=ChorusAccount;Integrated Security=true;TrustServerCertificate=true");
        await using var db = new ChorusAccountDbContext(builder.AddInterceptors(fake, fake.Connection).Options);
        await new SearchStructures(db).ExecuteAsync(criteria, 1, CancellationToken.None);
        return fake.Statements;
    }

    [Fact]
    public async Task Each_word_is_narrowed_by_index_seeks_then_the_criteria_are_intersected_in_page_order()
    {
        var statements = await StatementsAsync(new StructureSearchCriteria(CompanyName: "hospitalier d", City: "tours", PostalCode: "37000"));

        var bounds = statements[0];
        const string Range = "t.[Field] = @p{0} AND t.[Token] >= @p{1} AND t.[Token] < @p{2}";
        Assert.Equal(
            string.Join(" UNION ALL ", Enumerable.Range(0, 3).Select(w =>
                $"SELECT {w} AS [Word], (SELECT MIN(t.[Token]) FROM [StructureSearchTokens] t WHERE {string.Format(CultureInfo.InvariantCulture, Range, w * 6, (w * 6) + 1, (w * 6) + 2)}) AS [First], "
                + $"(SELECT MAX(t.[Token]) FROM [StructureSearchTokens] t WHERE {string.Format(CultureInfo.InvariantCulture, Range, (w * 6) + 3, (w * 6) + 4, (w * 6) + 5)}) AS [Last]")),
            bounds.Text.TrimEnd());
        Assert.Equal<object?>([1, "hospitalier", "hospitalies", 1, "hospitalier", "hospitalies"], bounds.Values[..6]);

        // « d » begins two tokens: it is checked per candidate, on the smallest of the three one-token ranges (« tours »).
        Assert.Equal(3, statements.Count(s => s.Text.Contains("SELECT COUNT(*)", StringComparison.Ordinal) && !s.Text.Contains("INTERSECT", StringComparison.Ordinal)));
        const string Matches =
            "SELECT a.[CompanyName], a.[StructureId] AS [Value] FROM [StructureSearchTokens] a WHERE a.[Field] = @p0 AND a.[Token] = @p1"
            + " AND EXISTS (SELECT 1 FROM [StructureSearchTokens] p WHERE p.[StructureId] = a.[StructureId] AND p.[Field] = @p2 AND p.[Token] >= @p3 AND p.[Token] < @p4)"
            + " INTERSECT SELECT a.[CompanyName], a.[StructureId] AS [Value] FROM [StructureSearchTokens] a WHERE a.[Field] = @p5 AND a.[Token] = @p6"
            + " INTERSECT SELECT a.[CompanyName], a.[StructureId] AS [Value] FROM [StructureSearchTokens] a WHERE a.[Field] = @p7 AND a.[Token] = @p8"
            + " ORDER BY [CompanyName], [Value] OFFSET @p9 ROWS FETCH NEXT @p10 ROWS ONLY";
        var matches = statements.Where(s => s.Text.Contains("INTERSECT", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, matches.Count);
        // Counted by the engine up to one past the limit, then the page's ten ids read from the same matches.
        Assert.Equal($"SELECT COUNT(*) AS [Value] FROM ({Matches}) [m]", matches[0].Text.TrimEnd());
        Assert.Equal<object?>([3, "tours", 1, "d", "e", 6, "37000", 1, "hospitalier", 0, 1001], matches[0].Values);
        Assert.Equal(Matches, matches[1].Text.TrimEnd());
        Assert.Equal<object?>([3, "tours", 1, "d", "e", 6, "37000", 1, "hospitalier", 0, 10], matches[1].Values);
    }

    [Fact]
    public async Task The_longest_search_the_form_accepts_stays_well_under_the_2100_parameters_of_SQL_Server()
    {
        // Every text criterion at its word limit, up to the limit in all; one-letter words span two tokens (the fake's
        // answer), the costliest shape: they are checked per candidate.
        string Words(int count, char first) => string.Join(' ', Enumerable.Range(0, count).Select(i => ((char)(first + i)).ToString()));
        var perField = StructureSearchCriteria.MaxWordsPerField;
        var criteria = new StructureSearchCriteria(
            CompanyName: Words(perField, 'a'), City: Words(StructureSearchCriteria.MaxWords - perField, 'k'), PostalCode: "45000");
        Assert.NotNull(criteria.WordsWithinLimits());
        Assert.Equal(StructureSearchCriteria.MaxWords, criteria.WordsWithinLimits()!.Count);

        var statements = await StatementsAsync(criteria);

        var most = statements.Max(s => s.Values.Length);
        Assert.True(most < 2_100 / 10, $"{most} parameters in one statement");
        // One word more is refused before any statement is sent.
        var tooMany = criteria with { LastName = "z" };
        Assert.Null(tooMany.WordsWithinLimits());
        await Assert.ThrowsAsync<ArgumentException>(() => StatementsAsync(tooMany));
    }

    [Fact]
    public async Task The_token_column_orders_by_code_point_on_every_engine()
    {
        foreach (var (provider, collation) in new[] { (DatabaseProvider.SqlServer, "Latin1_General_100_BIN2"), (DatabaseProvider.PostgreSql, "C"), (DatabaseProvider.Sqlite, "BINARY") })
        {
            var builder = new DbContextOptionsBuilder<ChorusAccountDbContext>();
            DatabaseSetup.Use(builder, provider, provider == DatabaseProvider.Sqlite ? "Data Source=:memory:" : "Server=nowhere;Host=nowhere");
            await using var db = new ChorusAccountDbContext(builder.Options);
            var token = db.GetService<IDesignTimeModel>().Model.FindEntityType(typeof(StructureSearchToken))!.FindProperty(nameof(StructureSearchToken.Token))!;
            Assert.Equal(collation, token.GetCollation());
        }
    }

    /// <summary>
    /// Opens nothing. Answers a word's first and last tokens with the word itself (one token) or, for a one-letter
    /// word, two tokens; a range's size with its token's length; finds no structure.
    /// </summary>
    private sealed class FakeSqlServer : DbCommandInterceptor
    {
        public List<(string Text, object?[] Values)> Statements { get; } = [];

        public ConnectionOpener Connection { get; } = new();

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Statements.Add((command.CommandText, [.. command.Parameters.Cast<DbParameter>().Select(p => p.Value)]));
            var table = new DataTable();
            var strings = command.Parameters.Cast<DbParameter>().Select(p => p.Value).OfType<string>().ToList();
            if (command.CommandText.Contains("UNION ALL", StringComparison.Ordinal) || command.CommandText.Contains("AS [First]", StringComparison.Ordinal))
            {
                // Per word, (field, word, end) for MIN then for MAX: four strings.
                table.Columns.Add("Word", typeof(int));
                table.Columns.Add("First", typeof(string));
                table.Columns.Add("Last", typeof(string));
                for (var w = 0; w < strings.Count / 4; w++)
                {
                    var word = strings[w * 4];
                    table.Rows.Add(w, word, word.Length == 1 ? word + "e" : word);
                }
            }
            else if (command.CommandText.Contains("SELECT COUNT(*)", StringComparison.Ordinal))
            {
                table.Columns.Add("value", typeof(int));
                table.Rows.Add(strings[0].Length);
            }
            else
            {
                table.Columns.Add("CompanyName", typeof(string));
                table.Columns.Add("Value", typeof(Guid));
            }

            return ValueTask.FromResult(InterceptionResult<DbDataReader>.SuppressWithResult(table.CreateDataReader()));
        }

        public sealed class ConnectionOpener : DbConnectionInterceptor
        {
            public override ValueTask<InterceptionResult> ConnectionOpeningAsync(
                DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
                ValueTask.FromResult(InterceptionResult.Suppress());
        }
    }
}
