using System.Data;
using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace ChorusAccount.Core.Data;

/// <summary>
/// Writes rows without the change tracker, in the context's current transaction: inserts of new entities, updates
/// checked against the version each row was read with, and deletes. SaveChanges sends one statement per row; here
/// SQLite gets one prepared statement per kind of write, kept for the writer's life, PostgreSQL one INSERT per table
/// from array parameters, SQL Server its driver's bulk copy (SqlBulkCopy), and updates and deletes go batched, one round
/// trip where the driver can batch. The MADRHAS import writes its batches with it, the digest planner its outbox rows.
/// </summary>
/// <remarks>
/// Columns, conversions and parameters come from the EF model, so the rows are exactly what SaveChanges would write.
/// For many writes (the import's batches), keep one writer on a connection held open: its prepared statements serve them all.
/// </remarks>
internal sealed class RowWriter(DbContext db) : IAsyncDisposable
{
    private readonly ISqlGenerationHelper _sql = db.GetService<ISqlGenerationHelper>();
    private readonly Dictionary<Type, Table> _tables = [];
    private readonly Dictionary<string, DbCommand> _prepared = new(StringComparer.Ordinal);
    private DbCommand? _parameterFactory;

    private DbConnection Connection => db.Database.GetDbConnection();

    private bool IsPostgreSql => db.Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    // Microsoft.Data.Sqlite binds parameters by a linear name search, so long statements cost it quadratically:
    // one prepared row at a time is fastest there. The other drivers batch statements.
    private bool OneRowPerStatement => !Connection.CanCreateBatch;

    /// <summary>Inserts these new entities, their owned types in the same row. Parents go first, for the foreign keys.</summary>
    public async Task InsertAsync<T>(IReadOnlyList<T> rows, CancellationToken ct) where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var table = TableOf(typeof(T));
        if (OneRowPerStatement)
        {
            var columns = table.Columns;
            var command = Prepared($"insert {table.Name}", () => $"INSERT INTO {table.Name} ({string.Join(", ", columns.Select(c => c.Name))}) VALUES " + Values(columns, 0), columns, rows[0]);
            foreach (var row in rows)
            {
                Bind(command, columns, row, 0);
                await command.ExecuteNonQueryAsync(ct);
            }

            return;
        }

        if (IsPostgreSql)
        {
            await InsertByArraysAsync(table, rows, ct);
            return;
        }

        await InsertByBulkCopyAsync(table, rows, ct);
    }

    // One statement per table and batch, one array parameter per column: PostgreSQL parses and plans it once, whatever the
    // number of rows, where a multi-row VALUES list cost it about as much per row as single INSERTs.
    private async Task InsertByArraysAsync<T>(Table table, IReadOnlyList<T> rows, CancellationToken ct) where T : class
    {
        await using var command = Connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        for (var c = 0; c < table.Columns.Count; c++)
        {
            var column = table.Columns[c];
            var providerType = column.Mapping.Converter?.ProviderClrType ?? column.Mapping.ClrType;
            var elementType = providerType.IsValueType && column.Property.IsNullable ? typeof(Nullable<>).MakeGenericType(providerType) : providerType;
            var values = Array.CreateInstance(elementType, rows.Count);
            for (var r = 0; r < rows.Count; r++)
            {
                var value = column.Get(rows[r]);
                values.SetValue(value is not null && column.Mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value, r);
            }

            var parameter = command.CreateParameter();
            parameter.ParameterName = Parameter(c);
            parameter.Value = values;
            command.Parameters.Add(parameter);
        }

        command.CommandText = $"INSERT INTO {table.Name} ({string.Join(", ", table.Columns.Select(c => c.Name))}) SELECT * FROM unnest("
            + string.Join(", ", table.Columns.Select((c, i) => $"{Parameter(i)}::{c.Mapping.StoreType}[]")) + ")";
        await command.ExecuteNonQueryAsync(ct);
    }

    // SQL Server: SqlBulkCopy, the driver's own bulk insert, in the context's transaction. Its columns are the model's,
    // mapped by name; constraints are checked, triggers fired and nulls kept, as an INSERT would.
    private async Task InsertByBulkCopyAsync<T>(Table table, IReadOnlyList<T> rows, CancellationToken ct) where T : class
    {
        var connection = Connection as SqlConnection
            ?? throw new NotSupportedException($"The row writer inserts into SQLite, PostgreSQL or SQL Server, not {db.Database.ProviderName}.");
        using var data = new DataTable();
        foreach (var column in table.Columns)
        {
            var providerType = column.Mapping.Converter?.ProviderClrType ?? column.Mapping.ClrType;
            data.Columns.Add(column.ColumnName, BulkCopyType(Nullable.GetUnderlyingType(providerType) ?? providerType));
        }

        foreach (var row in rows)
        {
            data.Rows.Add(table.Columns.Select(c => BulkCopyValue(ToProvider(c, c.Get(row)))).ToArray());
        }

        using var bulkCopy = new SqlBulkCopy(
            connection,
            SqlBulkCopyOptions.CheckConstraints | SqlBulkCopyOptions.FireTriggers | SqlBulkCopyOptions.KeepNulls,
            (SqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction())
        {
            DestinationTableName = table.Name,
        };
        foreach (var column in table.Columns)
        {
            bulkCopy.ColumnMappings.Add(column.ColumnName, column.ColumnName);
        }

        await bulkCopy.WriteToServerAsync(data, ct);
    }

    // A DataTable column, and SqlBulkCopy's conversion to date and time, take DateTime and TimeSpan.
    private static Type BulkCopyType(Type type) =>
        type == typeof(DateOnly) ? typeof(DateTime) : type == typeof(TimeOnly) ? typeof(TimeSpan) : type;

    private static object BulkCopyValue(object value) => value switch
    {
        DateOnly date => date.ToDateTime(TimeOnly.MinValue),
        TimeOnly time => time.ToTimeSpan(),
        _ => value,
    };

    /// <summary>Writes these columns of these rows, by key.</summary>
    /// <param name="rows">Each row with the version it was read with, checked and renewed; null: neither.</param>
    /// <exception cref="DbUpdateConcurrencyException">A row's version is no longer the one it was read with.</exception>
    public async Task UpdateAsync<T>(IReadOnlyList<(T Row, Guid? ReadVersion)> rows, IReadOnlyList<string> columnNames, CancellationToken ct) where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var table = TableOf(typeof(T));
        var versioned = rows[0].ReadVersion is not null;
        var set = columnNames.Select(n => table.Column(n)).ToList();
        if (versioned)
        {
            set.Add(table.Column(nameof(IVersioned.Version)));
        }

        var where = table.Key.ToList();
        if (versioned)
        {
            where.Add(table.Column(nameof(IVersioned.Version)) with { Get = _ => null, Original = true });
        }

        var text = $"UPDATE {table.Name} SET {string.Join(", ", set.Select((c, i) => $"{c.Name} = {Parameter(i)}"))} WHERE "
            + string.Join(" AND ", where.Select((c, i) => $"{c.Name} = {Parameter(set.Count + i)}"));
        var columns = set.Concat(where).ToList();
        await using var batch = Connection.CanCreateBatch ? Connection.CreateBatch() : null;
        foreach (var (row, readVersion) in rows)
        {
            if (row is IVersioned entity && readVersion is not null)
            {
                entity.Version = NewId.Random();
            }

            var values = columns.Select(c => c.Original ? readVersion : c.Get(row)).ToList();
            if (OneRowPerStatement)
            {
                var command = Prepared($"update {table.Name} {string.Join(',', columnNames)}", () => text, columns, row);
                Bind(command, columns, values);
                if (await command.ExecuteNonQueryAsync(ct) != 1)
                {
                    throw Conflict(table);
                }
            }
            else
            {
                var statement = batch!.CreateBatchCommand();
                statement.CommandText = text;
                AddParameters(statement, columns, values);
                batch.BatchCommands.Add(statement);
            }
        }

        await ExecuteAsync(batch, table, ct);
    }

    public async Task DeleteAsync<T>(IReadOnlyList<T> rows, CancellationToken ct) where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var table = TableOf(typeof(T));
        var text = $"DELETE FROM {table.Name} WHERE {string.Join(" AND ", table.Key.Select((c, i) => $"{c.Name} = {Parameter(i)}"))}";
        await using var batch = Connection.CanCreateBatch ? Connection.CreateBatch() : null;
        foreach (var row in rows)
        {
            var values = table.Key.Select(c => c.Get(row)).ToList();
            if (OneRowPerStatement)
            {
                var command = Prepared($"delete {table.Name}", () => text, table.Key, row);
                Bind(command, table.Key, values);
                await command.ExecuteNonQueryAsync(ct);
            }
            else
            {
                var statement = batch!.CreateBatchCommand();
                statement.CommandText = text;
                AddParameters(statement, table.Key, values);
                batch.BatchCommands.Add(statement);
            }
        }

        await ExecuteAsync(batch, null, ct);
    }

    private DbCommand Prepared(string key, Func<string> text, IReadOnlyList<Column> columns, object firstRow)
    {
        if (!_prepared.TryGetValue(key, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = text();
            foreach (var (column, i) in columns.Select((c, i) => (c, i)))
            {
                command.Parameters.Add(column.Mapping.CreateParameter(command, Parameter(i), column.Original ? null : column.Get(firstRow), nullable: true));
            }

            command.Prepare();
            _prepared.Add(key, command);
        }

        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }

    private static void Bind(DbCommand command, IReadOnlyList<Column> columns, object row, int offset)
    {
        for (var c = 0; c < columns.Count; c++)
        {
            command.Parameters[offset + c].Value = ToProvider(columns[c], columns[c].Get(row));
        }
    }

    private static void Bind(DbCommand command, IReadOnlyList<Column> columns, List<object?> values)
    {
        for (var c = 0; c < columns.Count; c++)
        {
            command.Parameters[c].Value = ToProvider(columns[c], values[c]);
        }
    }

    private static object ToProvider(Column column, object? value) =>
        (value is not null && column.Mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value) ?? DBNull.Value;

    // The type mapping makes a parameter from a command: a spare one serves, the parameter is then moved to the statement.
    private void AddParameters(DbBatchCommand statement, IReadOnlyList<Column> columns, List<object?> values)
    {
        _parameterFactory ??= Connection.CreateCommand();
        for (var c = 0; c < columns.Count; c++)
        {
            statement.Parameters.Add(columns[c].Mapping.CreateParameter(_parameterFactory, Parameter(statement.Parameters.Count), values[c], nullable: true));
        }
    }

    /// <param name="checkedTable">When given, each statement must change exactly one row of it (an update checked against its version).</param>
    private async Task ExecuteAsync(DbBatch? batch, Table? checkedTable, CancellationToken ct)
    {
        if (batch is null || batch.BatchCommands.Count == 0)
        {
            return;
        }

        batch.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        await batch.ExecuteNonQueryAsync(ct);
        if (checkedTable is not null && batch.BatchCommands.Any(s => s.RecordsAffected != 1))
        {
            throw Conflict(checkedTable);
        }
    }

    private static DbUpdateConcurrencyException Conflict(Table table) =>
        new($"A row of {table.Name} changed since it was read: the transaction's writes are cancelled, run it again.");

    private static string Parameter(int index) => $"@p{index}";

    private static string Values(IReadOnlyList<Column> columns, int first) =>
        "(" + string.Join(", ", columns.Select((_, i) => Parameter(first + i))) + ")";

    private Table TableOf(Type type)
    {
        if (!_tables.TryGetValue(type, out var table))
        {
            var entityType = db.Model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model.");
            var store = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
            var columns = entityType.GetProperties().Select(p => Column.Of(p, store, _sql, p.GetGetter().GetClrValueUsingContainingEntity)).ToList();
            // Owned types (the user's address) share the owner's row.
            foreach (var navigation in entityType.GetNavigations().Where(n => n.TargetEntityType.IsOwned()))
            {
                var owned = navigation.GetGetter();
                columns.AddRange(navigation.TargetEntityType.GetProperties().Where(p => !p.IsPrimaryKey()).Select(p =>
                {
                    var getter = p.GetGetter();
                    return Column.Of(p, store, _sql, e => getter.GetClrValue(owned.GetClrValueUsingContainingEntity(e)!));
                }));
            }

            var key = entityType.FindPrimaryKey()!.Properties.Select(p => columns.Single(c => c.Property == p)).ToList();
            _tables[type] = table = new Table(_sql.DelimitIdentifier(store.Name, store.Schema), columns, key);
        }

        return table;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _prepared.Values)
        {
            await command.DisposeAsync();
        }

        _prepared.Clear();
        if (_parameterFactory is not null)
        {
            await _parameterFactory.DisposeAsync();
        }
    }

    private sealed record Table(string Name, List<Column> Columns, List<Column> Key)
    {
        public Column Column(string name) => Columns.Single(c => c.ColumnName == name);
    }

    private sealed record Column(IProperty Property, string ColumnName, string Name, RelationalTypeMapping Mapping, Func<object, object?> Get)
    {
        /// <summary>Stands for the value the row was read with (the version checked), not the row's current one.</summary>
        public bool Original { get; init; }

        public static Column Of(IProperty property, StoreObjectIdentifier store, ISqlGenerationHelper sql, Func<object, object?> get)
        {
            var name = property.GetColumnName(store)!;
            return new Column(property, name, sql.DelimitIdentifier(name), property.GetRelationalTypeMapping(), get);
        }
    }
}
