using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ChorusAccount.Core.Data;

/// <summary>
/// How the portal's SQLite connections are set up, each time one is opened: write-ahead log, so that readers and the
/// writer do not block each other, and synchronous=NORMAL, so that a commit writes the log without waiting for the disk
/// (durable across a crash of the process; a power cut may lose the last commits, never the file). See ADR-009.
/// </summary>
/// <remarks>Register it for SQLite only (the statements are SQLite's). journal_mode is kept by the file; synchronous is per connection.</remarks>
public sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    public const string Pragmas = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";

    public static SqliteConnectionSettings Instance { get; } = new();

    private SqliteConnectionSettings()
    {
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
