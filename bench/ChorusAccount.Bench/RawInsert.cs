using System.Data.Common;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Madrhas;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Structures;
using Npgsql;

namespace ChorusAccount.Bench;

/// <summary>
/// The ceiling: the same file parsed by the same reader, the same rows written, but no checks, no EF Core and
/// nothing read back — prepared inserts in one transaction per batch on SQLite, binary COPY on PostgreSQL.
/// </summary>
public static class RawInsert
{
    private static readonly (string Table, string[] Columns)[] _tables =
    [
        ("Users", ["Id", "Login", "Civility", "LastName", "FirstName", "ContactEmail", "AddressLine1", "AddressLine2", "PostalCode", "City", "Country",
            "MadrhasEmail", "Language", "ReceiveNotifications", "Status", "SecurityStamp", "CreatedAt", "UpdatedAt", "Version"]),
        ("Structures", ["Id", "IdentifierType", "Identifier", "CompanyName", "IsActive", "CreatedAt"]),
        ("ServiceUnits", ["Id", "StructureId", "Code", "Label", "IsActive"]),
        ("Memberships", ["Id", "UserId", "StructureId", "Role", "Status", "Origin", "WholeStructure", "StartDate", "EndDate", "RequestedAt", "DecidedAt", "Version"]),
        ("MembershipServices", ["MembershipId", "ServiceUnitId"]),
    ];

    /// <returns>Rows written.</returns>
    public static async Task<long> RunAsync(DbConnection connection, string path, int batchSize)
    {
        var now = DateTime.UtcNow;
        var today = DateOnly.FromDateTime(now);
        var users = new HashSet<string>(StringComparer.Ordinal);
        var userIds = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var structures = new Dictionary<string, (Guid Id, Dictionary<string, Guid> Services)>(StringComparer.Ordinal);
        var rows = _tables.Select(_ => new List<object?[]>()).ToArray();
        long written = 0;
        var lines = 0;
        await using var file = File.OpenRead(path);
        await foreach (var record in MadrhasCsvReader.ReadAsync(file))
        {
            if (record is not MadrhasValidRecord line)
            {
                continue;
            }

            if (users.Add(line.Login))
            {
                var id = NewId.Sequential();
                userIds[line.Login] = id;
                rows[0].Add([id, line.Login, line.Civility, line.LastName, line.FirstName, line.Email, line.AddressLine1, line.AddressLine2, line.PostalCode,
                    line.City, line.Country, line.Email, 1, true, (int)line.Status, NewId.Random().ToString("N"), now, now, NewId.Random()]);
            }

            if (line.Membership is { } link)
            {
                if (!structures.TryGetValue(link.Identifier, out var structure))
                {
                    structure = (NewId.Sequential(), new Dictionary<string, Guid>(StringComparer.Ordinal));
                    structures[link.Identifier] = structure;
                    rows[1].Add([structure.Id, (int)link.IdentifierType, link.Identifier, link.CompanyName, true, now]);
                }

                var membershipId = NewId.Sequential();
                rows[3].Add([membershipId, userIds[line.Login], structure.Id, (int)link.Role, (int)MembershipStatus.Active, (int)MembershipOrigin.Madrhas,
                    link.WholeStructure, link.StartDate ?? today, link.EndDate, now, now, NewId.Random()]);
                foreach (var code in link.ServiceCodes)
                {
                    if (!structure.Services.TryGetValue(code, out var unitId))
                    {
                        unitId = NewId.Sequential();
                        structure.Services[code] = unitId;
                        rows[2].Add([unitId, structure.Id, code, code, true]);
                    }

                    rows[4].Add([membershipId, unitId]);
                }
            }

            if (++lines % batchSize == 0)
            {
                written += await FlushAsync(connection, rows);
            }
        }

        return written + await FlushAsync(connection, rows);
    }

    private static async Task<long> FlushAsync(DbConnection connection, List<object?[]>[] rows)
    {
        long count = 0;
        await using var transaction = await connection.BeginTransactionAsync();
        for (var t = 0; t < _tables.Length; t++)
        {
            if (rows[t].Count == 0)
            {
                continue;
            }

            var (table, columns) = _tables[t];
            if (connection is NpgsqlConnection npgsql)
            {
                await using var copy = await npgsql.BeginBinaryImportAsync(
                    $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)");
                foreach (var row in rows[t])
                {
                    await copy.StartRowAsync();
                    foreach (var value in row)
                    {
                        await (value is null ? copy.WriteNullAsync() : copy.WriteAsync(value));
                    }
                }

                await copy.CompleteAsync();
            }
            else
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
                var parameters = columns.Select((_, i) =>
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = $"$p{i}";
                    command.Parameters.Add(parameter);
                    return parameter;
                }).ToArray();
                await command.PrepareAsync();
                foreach (var row in rows[t])
                {
                    for (var i = 0; i < row.Length; i++)
                    {
                        // As EF Core stores them on SQLite: GUIDs as upper-case text.
                        parameters[i].Value = row[i] switch { null => DBNull.Value, Guid g => g.ToString().ToUpperInvariant(), var v => v };
                    }

                    await command.ExecuteNonQueryAsync();
                }
            }

            count += rows[t].Count;
            rows[t].Clear();
        }

        await transaction.CommitAsync();
        return count;
    }
}
