using ChorusAccount.Core.Data;
using ChorusAccount.Web.Configuration;
using ChorusAccount.Web.Data;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Web.Tests.Data;

/// <summary>Every SQLite connection the portal opens writes ahead to its log and commits without waiting for the disk (ADR-009).</summary>
public sealed class SqliteSettingsTests
{
    [Fact]
    public async Task Portal_sqlite_connections_use_the_write_ahead_log_and_normal_synchronous_mode()
    {
        await using var database = TestDatabase.Sqlite();
        var builder = new DbContextOptionsBuilder<ChorusAccountDbContext>();
        DatabaseSetup.Use(builder, DatabaseProvider.Sqlite, database.ConnectionString);
        await using var db = new ChorusAccountDbContext(builder.Options);
        await db.Database.OpenConnectionAsync();

        Assert.Equal("wal", await PragmaAsync(db, "journal_mode"));
        // 1 = NORMAL (the default, 2, is FULL).
        Assert.Equal("1", await PragmaAsync(db, "synchronous"));
    }

    private static async Task<string?> PragmaAsync(ChorusAccountDbContext db, string name)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return (await command.ExecuteScalarAsync())?.ToString();
    }
}
