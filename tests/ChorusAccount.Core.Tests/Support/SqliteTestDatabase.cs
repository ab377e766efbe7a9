using ChorusAccount.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ChorusAccount.Core.Tests.Support;

/// <summary>An in-memory SQLite database with the full schema, alive as long as its connection.</summary>
internal sealed class SqliteTestDatabase : IDisposable
{
    private readonly SqliteConnection _connection = new("DataSource=:memory:");

    public SqliteTestDatabase()
    {
        _connection.Open();
        using var db = CreateContext();
        db.Database.EnsureCreated();
    }

    /// <summary>A fresh context each time, so that assertions read the rows and not tracked objects.</summary>
    public ChorusAccountDbContext CreateContext(params IInterceptor[] interceptors) =>
        new(new DbContextOptionsBuilder<ChorusAccountDbContext>().UseSqlite(_connection).AddInterceptors(interceptors).UseComposedRules().Options);

    public void Dispose() => _connection.Dispose();
}
