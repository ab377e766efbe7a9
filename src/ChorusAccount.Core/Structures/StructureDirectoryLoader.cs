using ChorusAccount.Core.Data;
using Microsoft.EntityFrameworkCore;
using nietras.SeparatedValues;

namespace ChorusAccount.Core.Structures;

public sealed record StructureDirectoryReport(int Created, int Updated, int ServicesCreated, IReadOnlyList<string> Rejections);

/// <summary>
/// Loads a structure directory (the demo one at start-up): a header, then one line per structure, semicolon-separated with
/// RFC 4180 quoting (read by Sep): type_identifiant;identifiant;raison_sociale;libelle;nom;prenom;adresse;code_postal;ville;services,
/// services being "CODE:Libellé|CODE:Libellé". Structures are matched on type and identifier, so loading twice changes nothing.
/// </summary>
public sealed class StructureDirectoryLoader(ChorusAccountDbContext db, TimeProvider clock)
{
    public const string Header = "type_identifiant;identifiant;raison_sociale;libelle;nom;prenom;adresse;code_postal;ville;services";
    private const int Columns = 10;

    // The header is skipped, not read: the columns are known by position.
    private static readonly SepReaderOptions _csv = Sep.New(';').Reader() with { HasHeader = false, DisableColCountCheck = true, Unescape = true };

    public async Task<StructureDirectoryReport> LoadAsync(TextReader reader, CancellationToken ct)
    {
        var existing = await db.Structures.Include(s => s.Services).ToDictionaryAsync(s => (s.IdentifierType, s.Identifier), ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var rejections = new List<string>();
        int created = 0, updated = 0, servicesCreated = 0;
        using var csv = await _csv.FromAsync(reader, leaveOpen: true, ct);
        while (await csv.MoveNextAsync(ct))
        {
            var row = csv.Current;
            if (row.RowIndex == 0 || row.Span.IsWhiteSpace())
            {
                continue;
            }

            // The line the record starts on, a quoted line break counted, as an editor shows it.
            var lineNumber = row.LineNumberFrom;
            var fields = row[..].ToStringsArray();
            if (fields.Length != Columns || !StructureIdentifierCodes.TryParse(fields[0], out var type))
            {
                rejections.Add($"Ligne {lineNumber} : {Columns} colonnes et un type d'identifiant connu attendus");
                continue;
            }

            var identifier = fields[1].Trim();
            if (type == StructureIdentifierType.Siret && StructureIdentifier.CheckSiret(identifier) != SiretCheck.Valid)
            {
                rejections.Add($"Ligne {lineNumber} : SIRET invalide {identifier}");
                continue;
            }

            if (!existing.TryGetValue((type, identifier), out var structure))
            {
                structure = new Structure { IdentifierType = type, Identifier = identifier, CompanyName = fields[2].Trim(), CreatedAt = now };
                db.Structures.Add(structure);
                existing[(type, identifier)] = structure;
                created++;
            }
            else
            {
                updated++;
            }

            structure.CompanyName = fields[2].Trim();
            structure.Label = NullIfEmpty(fields[3]);
            structure.LastName = NullIfEmpty(fields[4]);
            structure.FirstName = NullIfEmpty(fields[5]);
            structure.AddressLine = NullIfEmpty(fields[6]);
            structure.PostalCode = NullIfEmpty(fields[7]);
            structure.City = NullIfEmpty(fields[8]);
            servicesCreated += MergeServices(structure, fields[9]);
        }

        var searchChanged = StructureSearchTokens.Pending(db);
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await db.SaveChangesAsync(ct);
        await StructureSearchTokens.RefreshAsync(db, searchChanged, ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }

        return new StructureDirectoryReport(created, updated, servicesCreated, rejections);
    }

    private int MergeServices(Structure structure, string services)
    {
        var added = 0;
        foreach (var entry in services.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (code, label) = entry.IndexOf(':') is var colon and > 0 ? (entry[..colon].Trim(), entry[(colon + 1)..].Trim()) : (entry, entry);
            var unit = structure.Services.Find(s => s.Code == code);
            if (unit is null)
            {
                unit = new ServiceUnit { StructureId = structure.Id, Code = code, Label = label };
                structure.Services.Add(unit);
                db.ServiceUnits.Add(unit);
                added++;
            }

            unit.Label = label;
        }

        return added;
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
