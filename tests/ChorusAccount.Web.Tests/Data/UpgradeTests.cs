using ChorusAccount.Core.Data;
using ChorusAccount.Core.Subscriptions;
using ChorusAccount.Web.Data;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Sdk;

namespace ChorusAccount.Web.Tests.Data;

/// <summary>
/// The upgrade path the portal takes at start-up or with `migrate`: a database taken back to just before the latest
/// migration (through <see cref="UpgradeFrom"/>) is brought to the latest again, on SQLite and PostgreSQL. Before the
/// first release there is one migration, Initial, so the database goes back to empty; from then on, to the migration
/// before the latest (ADR-001: append-only).
/// </summary>
public sealed class UpgradeTests
{
    [Fact]
    public async Task Sqlite_database_before_the_latest_migration_is_brought_to_it()
    {
        await using var database = TestDatabase.Sqlite();
        await LatestMigrationIsAppliedAsync(database);
    }

    [Fact]
    public async Task PostgreSql_database_before_the_latest_migration_is_brought_to_it()
    {
        await using var database = await TestDatabase.PostgreSqlAsync();
        await LatestMigrationIsAppliedAsync(database);
    }

    [Fact]
    public async Task An_unknown_migration_fails_the_test()
    {
        await using var database = TestDatabase.Sqlite();
        await using var db = Context(database);

        var failure = await Assert.ThrowsAsync<FailException>(() => UpgradeFrom.MigrateToJustBeforeAsync(db, "NoSuchMigration"));

        Assert.Contains("NoSuchMigration", failure.Message);
        Assert.Contains("_Initial", failure.Message);
        Assert.Empty(await db.Database.GetAppliedMigrationsAsync());
    }

    private static ChorusAccountDbContext Context(TestDatabase database)
    {
        var builder = new DbContextOptionsBuilder<ChorusAccountDbContext>();
        DatabaseSetup.Use(builder, database.Provider, database.ConnectionString);
        return new ChorusAccountDbContext(builder.Options);
    }

    private static async Task LatestMigrationIsAppliedAsync(TestDatabase database)
    {
        await using var services = new ServiceCollection()
            .AddDbContext<ChorusAccountDbContext>(b => DatabaseSetup.Use(b, database.Provider, database.ConnectionString))
            .BuildServiceProvider();
        List<string> migrations;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ChorusAccountDbContext>();
            migrations = db.Database.GetMigrations().ToList();
            // Started at the latest, so that the helper has to move the database: the latest migration's Down runs too.
            await db.Database.MigrateAsync();
            var latest = migrations[^1];
            await UpgradeFrom.MigrateToJustBeforeAsync(db, latest[(latest.IndexOf('_') + 1)..]);
            Assert.Equal(migrations[..^1], await db.Database.GetAppliedMigrationsAsync());
        }

        await StartupTasks.MigrateAsync(services);

        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ChorusAccountDbContext>();
            Assert.Equal(migrations, await db.Database.GetAppliedMigrationsAsync());
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            // The seeded reference data is there once, whichever migration brought it.
            Assert.Equal(SpaceCatalog.All.Count, await db.Spaces.CountAsync());
        }
    }
}
