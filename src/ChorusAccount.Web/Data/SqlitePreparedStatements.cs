using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Sqlite.Storage.Internal;
using Microsoft.EntityFrameworkCore.Storage;

namespace ChorusAccount.Web.Data;

/// <summary>
/// SQLite statements kept prepared across requests, as Npgsql's automatic preparation does on PostgreSQL (ADR-014).
/// Microsoft.Data.Sqlite compiles the SQL of every new command, and finalizes a command's statements when the command is
/// disposed or its connection closed: a page compiled its few statements again at each request. Here each pooled
/// context keeps its SQLite connection open from its first query until the context is disposed (the pool keeps it), and
/// the commands EF Core creates on it reuse, for the same SQL, a command whose statements are already compiled.
/// </summary>
/// <remarks>
/// Nothing of a rule is kept: only SQLite's compiled form of a SQL text, per connection. SQLite compiles a statement
/// again by itself when the schema changed. An idle open connection holds no lock and no snapshot (write-ahead log).
/// </remarks>
[SuppressMessage("Usage", "EF1001:Internal EF Core API usage.", Justification = "EF Core's SQLite connection service is public only as an internal API (ADR-014).")]
public static class SqlitePreparedStatements
{
    /// <summary>The most SQL texts kept compiled per connection; beyond it, a command is disposed after use.</summary>
    public const int MaxStatementsPerConnection = 200;

    public static DbContextOptionsBuilder KeepSqliteStatementsPrepared(this DbContextOptionsBuilder builder) =>
        builder.ReplaceService<ISqliteRelationalConnection, KeptOpenSqliteConnection>()
            .AddInterceptors(ReusedCommands.Instance);

    /// <summary>EF Core closes a context's connection after each query and when the context goes back to the pool; this
    /// one stays open until the context itself is disposed (closing it would finalize its compiled statements).</summary>
    private sealed class KeptOpenSqliteConnection(
        RelationalConnectionDependencies dependencies,
        IRawSqlCommandBuilder rawSqlCommandBuilder,
        IDiagnosticsLogger<DbLoggerCategory.Infrastructure> logger)
        : SqliteRelationalConnection(dependencies, rawSqlCommandBuilder, logger)
    {
        protected override void CloseDbConnection()
        {
        }

        protected override Task CloseDbConnectionAsync() => Task.CompletedTask;
    }

    /// <summary>Hands EF Core a <see cref="ReusedCommand"/> instead of a new SQLite command.</summary>
    private sealed class ReusedCommands : DbCommandInterceptor
    {
        public static ReusedCommands Instance { get; } = new();

        public override InterceptionResult<DbCommand> CommandCreating(CommandCorrelatedEventData eventData, InterceptionResult<DbCommand> result) =>
            eventData.Connection is SqliteConnection connection && !result.HasResult
                ? InterceptionResult<DbCommand>.SuppressWithResult(new ReusedCommand(CompiledCommands.Of(connection)))
                : result;
    }

    /// <summary>The idle commands of one connection, by SQL text. Emptied when the connection closes, which has finalized
    /// their statements (Microsoft.Data.Sqlite disposes a connection's commands before giving its handle back).</summary>
    private sealed class CompiledCommands
    {
        private static readonly ConditionalWeakTable<SqliteConnection, CompiledCommands> _byConnection = new();
        private readonly Dictionary<string, SqliteCommand> _idle = new(StringComparer.Ordinal);
        private CompiledCommands(SqliteConnection connection)
        {
            Connection = connection;
            connection.StateChange += (_, e) =>
            {
                if (e.CurrentState != ConnectionState.Open)
                {
                    _idle.Clear();
                }
            };
        }

        public SqliteConnection Connection { get; }

        public static CompiledCommands Of(SqliteConnection connection) => _byConnection.GetValue(connection, c => new CompiledCommands(c));

        public SqliteCommand Rent(string sql)
        {
            // Idle commands exist only while the connection is open: closing it empties them.
            if (_idle.Remove(sql, out var command))
            {
                return command;
            }

            command = Connection.CreateCommand();
            command.CommandText = sql;
            return command;
        }

        public void Return(SqliteCommand command)
        {
            try
            {
                command.Parameters.Clear();
                command.Transaction = null;
                command.CommandTimeout = Connection.DefaultTimeout;
            }
            catch (InvalidOperationException)
            {
                // A reader of it is still open: the command is not reused.
                command.Dispose();
                return;
            }

            if (Connection.State != ConnectionState.Open || _idle.Count >= MaxStatementsPerConnection || !_idle.TryAdd(command.CommandText, command))
            {
                command.Dispose();
            }
        }
    }

    /// <summary>The command EF Core sees: its SQL text chooses the SQLite command it runs on, which goes back to the
    /// connection's idle commands, statements compiled, when EF Core disposes this one.</summary>
    private sealed class ReusedCommand(CompiledCommands commands) : DbCommand
    {
        private SqliteCommand? _inner;
        private string _text = string.Empty;

        private SqliteCommand Inner => _inner ??= commands.Rent(_text);

        [AllowNull]
        public override string CommandText
        {
            get => _text;
            set
            {
                var sql = value ?? string.Empty;
                if (_inner is not null && sql != _text)
                {
                    commands.Return(_inner);
                    _inner = null;
                }

                _text = sql;
            }
        }

        public override int CommandTimeout { get => Inner.CommandTimeout; set => Inner.CommandTimeout = value; }

        public override CommandType CommandType { get => Inner.CommandType; set => Inner.CommandType = value; }

        public override UpdateRowSource UpdatedRowSource { get => Inner.UpdatedRowSource; set => Inner.UpdatedRowSource = value; }

        public override bool DesignTimeVisible { get; set; }

        protected override DbConnection? DbConnection
        {
            get => commands.Connection;
            set
            {
                if (!ReferenceEquals(value, commands.Connection))
                {
                    throw new NotSupportedException("A reused SQLite command stays on its connection.");
                }
            }
        }

        protected override DbParameterCollection DbParameterCollection => Inner.Parameters;

        protected override DbTransaction? DbTransaction { get => Inner.Transaction; set => Inner.Transaction = (SqliteTransaction?)value; }

        public override void Cancel() => Inner.Cancel();

        public override int ExecuteNonQuery() => Inner.ExecuteNonQuery();

        public override object? ExecuteScalar() => Inner.ExecuteScalar();

        public override void Prepare() => Inner.Prepare();

        public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) => Inner.ExecuteNonQueryAsync(cancellationToken);

        public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) => Inner.ExecuteScalarAsync(cancellationToken);

        protected override DbParameter CreateDbParameter() => Inner.CreateParameter();

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => Inner.ExecuteReader(behavior);

        protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
            await Inner.ExecuteReaderAsync(behavior, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing && _inner is not null)
            {
                commands.Return(_inner);
                _inner = null;
            }

            base.Dispose(disposing);
        }
    }
}
