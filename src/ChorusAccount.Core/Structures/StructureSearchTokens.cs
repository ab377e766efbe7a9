using System.Data.Common;
using System.Text;
using ChorusAccount.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace ChorusAccount.Core.Structures;

/// <summary>
/// Keeps <see cref="StructureSearchToken"/> true. Every writer of a structure's searchable values takes the
/// <see cref="Pending"/> structures before it saves, then calls <see cref="RefreshAsync"/> with them once they are
/// written, in the same transaction.
/// </summary>
public static class StructureSearchTokens
{
    private const int StructuresPerRound = 1_000;
    private const int RowsPerInsert = 100;

    /// <summary>The folded words of a text: case and accents folded, split on everything but letters and digits.</summary>
    /// <example>« CCAS d'Orléans » → ccas, d, orleans; « Saint-Jean » → saint, jean.</example>
    public static IReadOnlyList<string> Words(string? text)
    {
        var folded = SearchNormalizer.Normalize(text);
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var inWord = i < folded.Length && char.IsLetterOrDigit(folded[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                var word = folded[start..i];
                if (!words.Contains(word, StringComparer.Ordinal))
                {
                    words.Add(word);
                }

                start = -1;
            }
        }

        return words;
    }

    /// <summary>The smallest text above every word that starts with <paramref name="prefix"/>, in code-point order.</summary>
    public static string PrefixEnd(string prefix) => string.Concat(prefix.AsSpan(0, prefix.Length - 1), [(char)(prefix[^1] + 1)]);

    /// <summary>The structures the tracker is about to insert, or whose searchable values it is about to change.</summary>
    public static List<Guid> Pending(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.ChangeTracker.Entries<Structure>()
            .Where(e => e.State == EntityState.Added || (e.State == EntityState.Modified && SearchableChanged(e)))
            .Select(e => e.Entity.Id)
            .ToList();
    }

    /// <summary>Rewrites the tokens of these structures from their rows (set-based: a few statements per thousand structures).</summary>
    /// <remarks>Joins the caller's transaction; without one, opens its own, through the engine's execution strategy (SQL Server retries).</remarks>
    public static async Task RefreshAsync(ChorusAccountDbContext db, IEnumerable<Guid> structureIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(structureIds);
        var ids = structureIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return;
        }

        if (db.Database.CurrentTransaction is not null)
        {
            await RewriteAsync(db, ids, ct);
            return;
        }

        // Delete and insert together: a search never sees a structure without its tokens.
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await RewriteAsync(db, ids, ct);
            await transaction.CommitAsync(ct);
        });
    }

    private static async Task RewriteAsync(ChorusAccountDbContext db, List<Guid> structureIds, CancellationToken ct)
    {
        foreach (var chunk in structureIds.Chunk(StructuresPerRound))
        {
            var ids = chunk.ToList();
            var structures = await db.Structures.AsNoTracking()
                .Where(s => ids.Contains(s.Id))
                .Select(s => new Searchable(s.Id, s.IsActive, s.IdentifierType, s.CompanyName, s.Label, s.City, s.LastName, s.FirstName, s.PostalCode))
                .ToListAsync(ct);
            await db.StructureSearchTokens.Where(t => ids.Contains(t.StructureId)).ExecuteDeleteAsync(ct);
            // In the order of the (Field, Token, …) index: each of its pages is written once per round, not once per row.
            await InsertAsync(db, structures.SelectMany(Of).OrderBy(t => t.Field).ThenBy(t => t.Token, StringComparer.Ordinal), ct);
        }
    }

    /// <summary>Gives their tokens to the active structures that have none (a database older than the tokens); returns how many.</summary>
    public static async Task<int> FillMissingAsync(ChorusAccountDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var filled = 0;
        Guid? after = null;
        while (true)
        {
            // Keyset pages: a structure whose fields hold no word keeps no token, and is passed over.
            var query = db.Structures.AsNoTracking().Where(s => s.IsActive && !db.StructureSearchTokens.Any(t => t.StructureId == s.Id));
            if (after is { } last)
            {
                query = query.Where(s => s.Id > last);
            }

            var missing = await query.OrderBy(s => s.Id).Select(s => s.Id).Take(StructuresPerRound).ToListAsync(ct);
            if (missing.Count == 0)
            {
                return filled;
            }

            await RefreshAsync(db, missing, ct);
            filled += missing.Count;
            after = missing[^1];
        }
    }

    private static IEnumerable<StructureSearchToken> Of(Searchable structure)
    {
        if (!structure.IsActive)
        {
            yield break;
        }

        var values = new[]
        {
            (StructureSearchField.CompanyName, structure.CompanyName),
            (StructureSearchField.Label, structure.Label),
            (StructureSearchField.City, structure.City),
            (StructureSearchField.LastName, structure.LastName),
            (StructureSearchField.FirstName, structure.FirstName),
        }.SelectMany(f => Words(f.Item2).Select(word => (Field: f.Item1, Token: word)));
        if (!string.IsNullOrWhiteSpace(structure.PostalCode))
        {
            values = values.Append((StructureSearchField.PostalCode, structure.PostalCode.Trim()));
        }

        values = values.Append((StructureSearchField.IdentifierType, StructureIdentifierCodes.ToCode(structure.IdentifierType)));
        foreach (var (field, token) in values)
        {
            yield return new StructureSearchToken { StructureId = structure.Id, Field = field, Token = token, CompanyName = structure.CompanyName };
        }
    }

    private static bool SearchableChanged(EntityEntry<Structure> entry) =>
        new[] { nameof(Structure.CompanyName), nameof(Structure.Label), nameof(Structure.City), nameof(Structure.LastName), nameof(Structure.FirstName),
            nameof(Structure.PostalCode), nameof(Structure.IdentifierType), nameof(Structure.IsActive) }
        .Any(name => entry.Property(name).IsModified);

    private sealed record Searchable(Guid Id, bool IsActive, StructureIdentifierType IdentifierType, string CompanyName,
        string? Label, string? City, string? LastName, string? FirstName, string? PostalCode);

    // Prepared INSERTs: EF Core would track and send each of the ~14 rows per structure. A hundred rows per statement on
    // the servers; one on SQLite, which binds parameters by a linear search of their names (as RowWriter found).
    private static async Task InsertAsync(ChorusAccountDbContext db, IEnumerable<StructureSearchToken> tokens, CancellationToken ct)
    {
        var entityType = db.Model.FindEntityType(typeof(StructureSearchToken))!;
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var properties = new[] { nameof(StructureSearchToken.StructureId), nameof(StructureSearchToken.Field), nameof(StructureSearchToken.Token), nameof(StructureSearchToken.CompanyName) }
            .Select(name => entityType.FindProperty(name)!)
            .ToArray();
        var mappings = properties.Select(p => p.GetRelationalTypeMapping()).ToArray();
        var sql = db.GetService<ISqlGenerationHelper>();
        var head = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)))}) VALUES ";

        var connection = db.Database.GetDbConnection();
        var rowsPerStatement = connection.CanCreateBatch ? RowsPerInsert : 1;
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        foreach (var rows in tokens.Chunk(rowsPerStatement))
        {
            if (command.Parameters.Count != rows.Length * properties.Length)
            {
                Prepare(command, head, rows.Length, properties, mappings);
                if (rows.Length == rowsPerStatement)
                {
                    await command.PrepareAsync(ct);
                }
            }

            for (var r = 0; r < rows.Length; r++)
            {
                var at = r * properties.Length;
                Set(command.Parameters[at], mappings[0], rows[r].StructureId);
                Set(command.Parameters[at + 1], mappings[1], rows[r].Field);
                Set(command.Parameters[at + 2], mappings[2], rows[r].Token);
                Set(command.Parameters[at + 3], mappings[3], rows[r].CompanyName);
            }

            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static void Prepare(DbCommand command, string head, int rows, IProperty[] properties, RelationalTypeMapping[] mappings)
    {
        command.Parameters.Clear();
        var text = new StringBuilder(head);
        for (var r = 0; r < rows; r++)
        {
            text.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < properties.Length; c++)
            {
                var name = $"@p{command.Parameters.Count}";
                command.Parameters.Add(mappings[c].CreateParameter(command, name, null, properties[c].IsNullable));
                text.Append(c == 0 ? "" : ", ").Append(name);
            }

            text.Append(')');
        }

        command.CommandText = text.ToString();
    }

    private static void Set(DbParameter parameter, RelationalTypeMapping mapping, object value) =>
        parameter.Value = mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value;
}
