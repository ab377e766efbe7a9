using ChorusAccount.Core.Data;
using ChorusAccount.Web.Configuration;
using ChorusAccount.Web.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ChorusAccount.Bench;

/// <summary>A fresh, migrated database for one measure: a SQLite file, or a PostgreSQL database of its own.</summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly Func<Task> _drop;

    private BenchDatabase(string engine, DbContextOptions<ChorusAccountDbContext> options, Func<Task> drop)
    {
        Engine = engine;
        Options = options;
        _drop = drop;
    }

    public string Engine { get; }
    public DbContextOptions<ChorusAccountDbContext> Options { get; }

    public ChorusAccountDbContext CreateContext() => new(Options);

    public static async Task<BenchDatabase> CreateAsync(string engine, string? postgresServer)
    {
        BenchDatabase database;
        if (engine == "sqlite")
        {
            var file = Path.Combine(Path.GetTempPath(), $"chorus-bench-{Guid.NewGuid():N}.db");
            var options = new DbContextOptionsBuilder<ChorusAccountDbContext>()
                .UseSqlite($"Data Source={file}", o => o.MigrationsAssembly("ChorusAccount.Migrations.Sqlite"))
                // As the portal opens its SQLite connections (DatabaseSetup), for the import and the ceiling alike.
                .AddInterceptors(SqliteConnectionSettings.Instance).UseComposedRules().Options;
            database = new BenchDatabase(engine, options, () =>
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                foreach (var path in new[] { file, file + "-wal", file + "-shm" })
                {
                    File.Delete(path);
                }

                return Task.CompletedTask;
            });
        }
        else
        {
            var server = postgresServer ?? throw new InvalidOperationException("PostgreSQL needs --postgres CONNECTION or CHORUS_TEST_POSTGRES.");
            var name = $"chorus_bench_{Guid.NewGuid():N}";
            await Admin(server, $"CREATE DATABASE {name}");
            // Opened as the portal opens its own (DatabaseSetup: its connection settings, its rules), as the command-line import runs.
            var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
            var options = (DbContextOptions<ChorusAccountDbContext>)DatabaseSetup.Use(
                new DbContextOptionsBuilder<ChorusAccountDbContext>(), DatabaseProvider.PostgreSql, connectionString).Options;
            database = new BenchDatabase(engine, options, async () =>
            {
                NpgsqlConnection.ClearAllPools();
                await Admin(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            });
        }

        await using var db = database.CreateContext();
        await db.Database.MigrateAsync();
        return database;
    }

    public async Task<long> CountRowsAsync()
    {
        await using var db = CreateContext();
        return await db.Users.LongCountAsync() + await db.Structures.LongCountAsync() + await db.ServiceUnits.LongCountAsync()
            + await db.Memberships.LongCountAsync() + await db.MembershipServices.LongCountAsync();
    }

    private static async Task Admin(string server, string sql)
    {
        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync() => await _drop();
}
