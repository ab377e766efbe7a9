using ChorusAccount.Core.Data;
using ChorusAccount.Web.Configuration;
using ChorusAccount.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SQLitePCL;

namespace ChorusAccount.Web.Tests.Data;

/// <summary>On SQLite a pooled context keeps its connection and the statements it compiled from one request to the next
/// (ADR-014, <see cref="SqlitePreparedStatements"/>): same results, fresh parameters, other connections' writes seen.</summary>
public sealed class SqlitePreparedStatementsTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Sqlite();
    private ServiceProvider _services = default!;

    public async Task InitializeAsync()
    {
        _services = new ServiceCollection()
            .AddDbContextPool<ChorusAccountDbContext>(b => DatabaseSetup.Use(b, DatabaseProvider.Sqlite, _database.ConnectionString))
            .BuildServiceProvider();
        await InScopeAsync(async db =>
        {
            // The pool's context opens its connection here and keeps it: SQLite lists the statements compiled on it from now on.
            await db.Database.OpenConnectionAsync();
            ((SqliteConnection)db.Database.GetDbConnection()).Handle!.enable_sqlite3_next_stmt(true);
            return await db.Database.ExecuteSqlRawAsync("CREATE TABLE Probe (Value INTEGER NOT NULL); INSERT INTO Probe VALUES (1), (2), (3);");
        });
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_statement_run_again_by_the_next_request_is_not_compiled_again_and_takes_its_new_parameters()
    {
        var (first, firstStatement) = await InScopeAsync(async db => (await ValuesFromAsync(db, 2), StatementsOf(db, ProbeSql)));
        var (second, secondStatement) = await InScopeAsync(async db => (await ValuesFromAsync(db, 3), StatementsOf(db, ProbeSql)));

        Assert.Equal([2, 3], first);
        Assert.Equal([3], second);
        var compiled = Assert.Single(firstStatement);
        Assert.Equal(compiled, Assert.Single(secondStatement));
    }

    [Fact]
    public async Task A_kept_connection_sees_what_another_connection_wrote_since()
    {
        Assert.Equal([1, 2, 3], await InScopeAsync(db => ValuesFromAsync(db, 0)));

        await using (var other = new SqliteConnection(_database.ConnectionString))
        {
            await other.OpenAsync();
            await using var insert = other.CreateCommand();
            insert.CommandText = "INSERT INTO Probe VALUES (4)";
            await insert.ExecuteNonQueryAsync();
        }

        Assert.Equal([1, 2, 3, 4], await InScopeAsync(db => ValuesFromAsync(db, 0)));
    }

    [Fact]
    public async Task A_reused_statement_runs_inside_a_transaction_then_outside_it_and_a_rolled_back_write_is_gone()
    {
        await InScopeAsync(async db =>
        {
            Assert.Equal([3], await ValuesFromAsync(db, 3));
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                await db.Database.ExecuteSqlRawAsync("INSERT INTO Probe VALUES (5)");
                Assert.Equal([3, 5], await ValuesFromAsync(db, 3));
                await transaction.RollbackAsync();
            }

            Assert.Equal([3], await ValuesFromAsync(db, 3));
            return 0;
        });
    }

    [Fact]
    public async Task A_statement_whose_table_changed_is_compiled_again_by_SQLite()
    {
        Assert.Equal([2, 3], await InScopeAsync(db => ValuesFromAsync(db, 2)));
        await InScopeAsync(db => db.Database.ExecuteSqlRawAsync("ALTER TABLE Probe ADD COLUMN Label TEXT; INSERT INTO Probe (Value, Label) VALUES (6, 'six');"));

        Assert.Equal([2, 3, 6], await InScopeAsync(db => ValuesFromAsync(db, 2)));
    }

    private const string ProbeSql = "SELECT \"Value\" FROM Probe WHERE \"Value\" >= @min ORDER BY \"Value\"";

    private static Task<List<int>> ValuesFromAsync(ChorusAccountDbContext db, int min) =>
        db.Database.SqlQueryRaw<int>(ProbeSql, new SqliteParameter("@min", min)).ToListAsync();

    // The statements compiled on the context's SQLite connection whose SQL is this text (SQLite's own list).
    private static List<IntPtr> StatementsOf(ChorusAccountDbContext db, string sqlPart)
    {
        var handle = ((SqliteConnection)db.Database.GetDbConnection()).Handle!;
        var found = new List<IntPtr>();
        for (var statement = raw.sqlite3_next_stmt(handle, null); statement is not null; statement = raw.sqlite3_next_stmt(handle, statement))
        {
            if (raw.sqlite3_sql(statement).utf8_to_string().Contains(sqlPart, StringComparison.Ordinal))
            {
                found.Add(statement.DangerousGetHandle());
            }
        }

        return found;
    }

    private async Task<T> InScopeAsync<T>(Func<ChorusAccountDbContext, Task<T>> work)
    {
        await using var scope = _services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<ChorusAccountDbContext>());
    }
}
