using System.Data.Common;
using System.Text;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Structures;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace ChorusAccount.Core.Data;

/// <summary>
/// Writes the tracked rows a unit of work adds as multi-row INSERTs, then marks them saved; SaveChanges writes the rest.
/// EF Core sends one statement per added row. Used by the digest planner for its outbox rows (the MADRHAS import has
/// its own writer, <see cref="Madrhas.MadrhasRowWriter"/>, which works without the change tracker).
/// </summary>
/// <remarks>Columns, conversions and parameters come from the EF model, so the rows are exactly what SaveChanges would write.</remarks>
internal static class AddedRowsWriter
{
    // Parents before children, for the foreign keys.
    private static readonly Type[] _order = [typeof(User), typeof(Structure), typeof(ServiceUnit), typeof(Membership), typeof(MembershipService), typeof(Notifications.NotificationDigest)];

    private const int MaxParametersPerStatement = 1_000;

    public static async Task WriteAddedAsync(DbContext db, CancellationToken ct)
    {
        var added = db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).ToList();
        var sql = db.GetService<ISqlGenerationHelper>();
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var type in _order)
        {
            var rows = added.Where(e => e.Metadata.ClrType == type).ToList();
            if (rows.Count > 0)
            {
                await InsertAsync(rows[0].Metadata, rows, sql, connection, transaction, ct);
            }
        }

        foreach (var entry in added.Where(e => _order.Contains(e.Metadata.ClrType) || e.Metadata.IsOwned()))
        {
            entry.State = EntityState.Unchanged;
        }
    }

    private static async Task InsertAsync(IEntityType entityType, List<EntityEntry> rows, ISqlGenerationHelper sql,
        DbConnection connection, DbTransaction? transaction, CancellationToken ct)
    {
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var columns = entityType.GetProperties()
            .Select(p => (Property: p, Value: (Func<EntityEntry, object?>)(e => e.Property(p.Name).CurrentValue)))
            .ToList();
        // Owned types (the user's address) share the owner's row.
        foreach (var navigation in entityType.GetNavigations().Where(n => n.TargetEntityType.IsOwned()))
        {
            columns.AddRange(navigation.TargetEntityType.GetProperties().Where(p => !p.IsPrimaryKey())
                .Select(p => (Property: p, Value: (Func<EntityEntry, object?>)(e => e.Reference(navigation.Name).TargetEntry!.Property(p.Name).CurrentValue))));
        }

        var head = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Property.GetColumnName(table)!)))}) VALUES ";
        // SQLite binds parameters by a linear name search, so long statements cost it quadratically: one prepared row at a time is fastest there.
        var rowsPerStatement = connection.CanCreateBatch ? Math.Max(1, MaxParametersPerStatement / columns.Count) : 1;
        DbCommand? prepared = null;
        try
        {
            foreach (var chunk in rows.Chunk(rowsPerStatement))
            {
                var command = prepared ?? connection.CreateCommand();
                if (prepared is null || rowsPerStatement > 1)
                {
                    command.Transaction = transaction;
                    command.Parameters.Clear();
                    var text = new StringBuilder(head);
                    for (var r = 0; r < chunk.Length; r++)
                    {
                        text.Append(r == 0 ? "(" : ", (");
                        for (var c = 0; c < columns.Count; c++)
                        {
                            var name = $"@p{command.Parameters.Count}";
                            var (property, value) = columns[c];
                            command.Parameters.Add(property.GetRelationalTypeMapping().CreateParameter(command, name, value(chunk[r]), property.IsNullable));
                            text.Append(c == 0 ? "" : ", ").Append(name);
                        }

                        text.Append(')');
                    }

                    command.CommandText = text.ToString();
                    if (rowsPerStatement == 1)
                    {
                        await command.PrepareAsync(ct);
                        prepared = command;
                    }
                }
                else
                {
                    for (var c = 0; c < columns.Count; c++)
                    {
                        var (property, value) = columns[c];
                        var mapping = property.GetRelationalTypeMapping();
                        var raw = value(chunk[0]);
                        var converted = mapping.Converter is { } converter && raw is not null ? converter.ConvertToProvider(raw) : raw;
                        command.Parameters[c].Value = converted ?? DBNull.Value;
                    }
                }

                await command.ExecuteNonQueryAsync(ct);
                if (prepared is null)
                {
                    await command.DisposeAsync();
                }
            }
        }
        finally
        {
            if (prepared is not null)
            {
                await prepared.DisposeAsync();
            }
        }
    }
}
