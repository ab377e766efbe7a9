using ChorusAccount.Core.Data;
using ChorusAccount.Core.Structures;
using ChorusAccount.Web.Configuration;
using ChorusAccount.Web.Data;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChorusAccount.Web.Tests.Data;

/// <summary>A database whose structures predate the search tokens: migrating it (at start-up or with `migrate`) gives them their tokens.</summary>
public sealed class StructureSearchTokensUpgradeTests
{
    [Fact]
    public async Task Sqlite_structures_written_before_the_migration_are_found_after_it()
    {
        await using var database = TestDatabase.Sqlite();
        await StructuresArePreparedAsync(database);
    }

    [Fact]
    public async Task PostgreSql_structures_written_before_the_migration_are_found_after_it()
    {
        await using var database = await TestDatabase.PostgreSqlAsync();
        await StructuresArePreparedAsync(database);
    }

    private static async Task StructuresArePreparedAsync(TestDatabase database)
    {
        await using var services = new ServiceCollection()
            .AddDbContext<ChorusAccountDbContext>(b => DatabaseSetup.Use(b, database.Provider, database.ConnectionString))
            .BuildServiceProvider();
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ChorusAccountDbContext>();
            await UpgradeFrom.MigrateToJustBeforeAsync(db, "StructureSearchTokens");
            // Written as the portal wrote them then, with the SearchText column that a later migration dropped.
            foreach (var (identifier, name) in new[] { ("21450234500017", "COMMUNE D'EXEMPLE"), ("26450123000017", "CCAS D'EXEMPLE") })
            {
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO "Structures" ("Id", "IdentifierType", "Identifier", "CompanyName", "City", "PostalCode", "SearchText", "IsActive", "CreatedAt")
                    VALUES ({Guid.CreateVersion7()}, {(int)StructureIdentifierType.Siret}, {identifier}, {name}, {"Orléans"}, {"45000"}, {name.ToLowerInvariant()}, {true}, {DateTime.UtcNow})
                    """);
            }
        }

        await StartupTasks.MigrateAsync(services);

        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ChorusAccountDbContext>();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            var found = await new SearchStructures(db).ExecuteAsync(new StructureSearchCriteria(CompanyName: "d'ex", City: "orl", PostalCode: "45000"), 1, CancellationToken.None);
            Assert.Equal(["CCAS D'EXEMPLE", "COMMUNE D'EXEMPLE"], found.Rows.Select(r => r.CompanyName));
        }

        // Started again, the portal finds nothing left to fill.
        await using (var scope = services.CreateAsyncScope())
        {
            Assert.Equal(0, await StructureSearchTokens.FillMissingAsync(scope.ServiceProvider.GetRequiredService<ChorusAccountDbContext>(), CancellationToken.None));
        }
    }
}
