using ChorusAccount.Web.Configuration;
using Npgsql;

namespace ChorusAccount.Testing;

/// <summary>A database of its own for one portal under test: a SQLite file, or a fresh PostgreSQL database
/// on the server that scripts/test.sh starts (CHORUS_TEST_POSTGRES). No server → the tests fail, loudly.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "CHORUS_TEST_POSTGRES";

    private readonly Func<ValueTask> _drop;

    private TestDatabase(DatabaseProvider provider, string connectionString, Func<ValueTask> drop)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _drop = drop;
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }

    public static TestDatabase Sqlite()
    {
        var file = Path.Combine(Path.GetTempPath(), $"chorus-account-test-{Guid.NewGuid():N}.db");
        return new TestDatabase(DatabaseProvider.Sqlite, $"Data Source={file};Pooling=False", () =>
        {
            // The portal's SQLite runs in write-ahead-log mode: its log and shared-memory files sit beside the database.
            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(path);
            }

            return ValueTask.CompletedTask;
        });
    }

    public static async Task<TestDatabase> PostgreSqlAsync()
    {
        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                $"{PostgresVariable} is not set. The PostgreSQL tests need a server: run them with scripts/test.sh, which installs and starts one.");
        }

        var name = $"chorus_test_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        return new TestDatabase(DatabaseProvider.PostgreSql, connectionString, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        });
    }

    public ValueTask DisposeAsync() => _drop();
}
