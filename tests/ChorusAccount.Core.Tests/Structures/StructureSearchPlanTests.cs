using System.Data.Common;
using ChorusAccount.Core.Structures;
using ChorusAccount.Core.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ChorusAccount.Core.Tests.Structures;

/// <summary>SQLite's plan for each statement of a search: index ranges of the token table, no scan, no sort when every word is one token.</summary>
public sealed class StructureSearchPlanTests : IDisposable
{
    private readonly MembershipWorld _world = new();

    public StructureSearchPlanTests()
    {
        _world.Structure("CENTRE HOSPITALIER DE TOURS", "26370018400015", "Tours");
        _world.Structure("CENTRE HOSPITALIER D'ORLÉANS", "26450024400011", "Orléans");
        _world.Structure("COMMUNE DE TOURS", "21370261800017", "Tours");
    }

    public void Dispose() => _world.Dispose();

    private async Task<(StructureSearchPage Page, List<string> Plans)> SearchAsync(StructureSearchCriteria criteria)
    {
        var recorder = new PlanRecorder();
        await using var db = _world.Database.CreateContext(recorder);
        var page = await new SearchStructures(db).ExecuteAsync(criteria, 1, CancellationToken.None);
        return (page, recorder.Plans);
    }

    [Fact]
    public async Task Words_of_one_token_each_are_merged_from_the_index_in_page_order()
    {
        var (page, plans) = await SearchAsync(new StructureSearchCriteria(CompanyName: "hospitalier", City: "tours"));

        Assert.Equal("CENTRE HOSPITALIER DE TOURS", Assert.Single(page.Rows).CompanyName);
        // The same matches twice: counted by the engine, then the page's ids.
        var matches = MatchStatements(plans, "INTERSECT");
        Assert.All(matches, m =>
        {
            Assert.Contains("MERGE (INTERSECT)", m, StringComparison.Ordinal);
            Assert.Equal(2, Occurrences(m, "USING COVERING INDEX IX_StructureSearchTokens_Field_Token_CompanyName_StructureId (Field=? AND Token=?)"));
            Assert.DoesNotContain("TEMP B-TREE", m, StringComparison.Ordinal);
        });
        AssertNoScan(plans);
    }

    [Fact]
    public async Task The_bounds_of_every_word_are_two_index_seeks_each_in_one_statement()
    {
        var (_, plans) = await SearchAsync(new StructureSearchCriteria(CompanyName: "centre hosp", City: "to"));

        var bounds = Assert.Single(plans, p => p.Contains("UNION ALL", StringComparison.Ordinal));
        Assert.Equal(6, Occurrences(bounds, "SEARCH t USING COVERING INDEX IX_StructureSearchTokens_Field_Token_CompanyName_StructureId (Field=? AND Token>? AND Token<?)"));
        AssertNoScan(plans);
    }

    [Fact]
    public async Task A_prefix_of_several_tokens_is_a_range_of_the_index_then_checked_through_the_token_key()
    {
        var (page, plans) = await SearchAsync(new StructureSearchCriteria(CompanyName: "c d", City: "tours"));

        Assert.Equal(2, page.Total);
        var matches = MatchStatements(plans, "SEARCH p ");
        Assert.All(matches, m =>
        {
            Assert.Contains("SEARCH a USING COVERING INDEX IX_StructureSearchTokens_Field_Token_CompanyName_StructureId (Field=? AND Token=?)", m, StringComparison.Ordinal);
            Assert.Equal(2, Occurrences(m, "USING COVERING INDEX sqlite_autoindex_StructureSearchTokens_1 (StructureId=? AND Field=? AND Token>? AND Token<?)"));
            Assert.DoesNotContain("TEMP B-TREE", m, StringComparison.Ordinal);
        });
        AssertNoScan(plans);
    }

    private static int Occurrences(string text, string part) => text.Split(part).Length - 1;

    /// <summary>The two statements of the matches: the count (the matches as its co-routine « m »), then the page's ids.</summary>
    private static List<string> MatchStatements(List<string> plans, string part)
    {
        var matches = plans.Where(p => p.Contains(part, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, matches.Count);
        Assert.StartsWith("CO-ROUTINE m\n", matches[0], StringComparison.Ordinal);
        Assert.DoesNotContain("CO-ROUTINE", matches[1], StringComparison.Ordinal);
        return matches;
    }

    // SELECT without FROM (the bounds' rows) is a « SCAN CONSTANT ROW », the count reads its co-routine (« SCAN m »), and
    // the page's rows are read by their ids, one list parameter walked by json_each (« SCAN i VIRTUAL TABLE », each id
    // then an index seek): no table read.
    private static void AssertNoScan(List<string> plans) =>
        Assert.All(plans, p => Assert.DoesNotMatch(@"(?m)SCAN (?!CONSTANT ROW$|m$|\w+ VIRTUAL TABLE INDEX \d+:)", p));

    /// <summary>Asks SQLite for the plan of each statement the search sends, with the same parameters.</summary>
    private sealed class PlanRecorder : DbCommandInterceptor
    {
        public List<string> Plans { get; } = [];

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            await using var explain = (SqliteCommand)command.Connection!.CreateCommand();
            explain.Transaction = (SqliteTransaction?)command.Transaction;
            explain.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
            foreach (SqliteParameter parameter in command.Parameters)
            {
                explain.Parameters.Add(new SqliteParameter(parameter.ParameterName, parameter.Value) { SqliteType = parameter.SqliteType });
            }

            var plan = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    plan.Add(reader.GetString(3));
                }
            }

            Plans.Add(string.Join('\n', plan));
            return result;
        }
    }
}
