using ChorusAccount.Core.Data;
using ChorusAccount.Web.Configuration;
using ChorusAccount.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Web.Tests.Data;

/// <summary>
/// A list of ids in a query is one parameter of one statement on every engine (ComposedRules.UseComposedRules): a
/// statement per list length would be generated again at every run and prepared again by the engine.
/// </summary>
public sealed class CollectionParameterTests
{
    public static TheoryData<DatabaseProvider, string> Engines => new()
    {
        { DatabaseProvider.Sqlite, "Data Source=collection-parameter.db" },
        { DatabaseProvider.PostgreSql, "Host=localhost;Database=chorus" },
        { DatabaseProvider.SqlServer, "Server=localhost;Database=chorus;TrustServerCertificate=True" },
    };

    [Theory]
    [MemberData(nameof(Engines))]
    public void A_list_of_any_length_is_one_parameter_of_the_same_statement(DatabaseProvider provider, string connectionString)
    {
        var options = DatabaseSetup.Use(new DbContextOptionsBuilder<ChorusAccountDbContext>(), provider, connectionString).Options;
        using var db = new ChorusAccountDbContext((DbContextOptions<ChorusAccountDbContext>)options);

        // No EF.Parameter here: the setting itself, not the query's wording, makes the list one parameter.
        string Statement(Guid[] ids) => db.Structures.Where(s => ids.Contains(s.Id)).Select(s => s.CompanyName).ToQueryString();

        var one = Statement([Guid.NewGuid()]);
        var three = Statement([Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()]);

        // The parameter's declaration at the top carries its value; the statement after it is the same text.
        Assert.Equal(SqlOf(one), SqlOf(three));
        Assert.DoesNotContain("@ids1", SqlOf(one), StringComparison.Ordinal);
        Assert.DoesNotContain("@ids2", SqlOf(three), StringComparison.Ordinal);
    }

    // ToQueryString starts with the parameters' declarations (and their values): the statement is what follows.
    private static string SqlOf(string queryString) => queryString[queryString.IndexOf("SELECT", StringComparison.Ordinal)..];
}
