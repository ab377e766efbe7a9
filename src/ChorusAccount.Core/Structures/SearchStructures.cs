using ChorusAccount.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Structures;

/// <summary>The search criteria of « Demander un rattachement »; the type, nom and prénom are for identifiers that are not a SIRET.</summary>
public sealed record StructureSearchCriteria(
    string? CompanyName = null,
    string? Identifier = null,
    string? Label = null,
    string? PostalCode = null,
    string? City = null,
    StructureIdentifierType? IdentifierType = null,
    string? LastName = null,
    string? FirstName = null)
{
    public bool IsEmpty => new[] { CompanyName, Identifier, Label, PostalCode, City, LastName, FirstName }.All(string.IsNullOrWhiteSpace)
        && IdentifierType is null;

    /// <summary>An identifier typed without a type, or with the SIRET type, is a SIRET.</summary>
    public bool IdentifierIsSiret => !string.IsNullOrWhiteSpace(Identifier) && IdentifierType is null or StructureIdentifierType.Siret;

    public string? CleanIdentifier => string.IsNullOrWhiteSpace(Identifier) ? null : Identifier.Replace(" ", "", StringComparison.Ordinal).Trim();
}

public sealed record StructureSearchRow(Guid Id, string CompanyName, string? Label, StructureIdentifierType IdentifierType, string Identifier, string? PostalCode, string? City);

/// <summary>A page of results; when <paramref name="MoreThanTotal"/> there are more than <paramref name="Total"/> matches.</summary>
public sealed record StructureSearchPage(IReadOnlyList<StructureSearchRow> Rows, int Total, bool MoreThanTotal, int Page, int PageCount);

/// <summary>
/// Searches the active structures. Text criteria match the folded text of the structure (case and accents ignored);
/// identifier and postal code match their own column exactly, through an index.
/// </summary>
public sealed class SearchStructures(ChorusAccountDbContext db)
{
    public const int PageSize = 10;

    /// <summary>Counting stops here: a text criterion is a scan of the table, and past this many matches the agent narrows the criteria.</summary>
    public const int CountLimit = 1000;

    public async Task<StructureSearchPage> ExecuteAsync(StructureSearchCriteria criteria, int page, CancellationToken ct)
    {
        var query = db.Structures.AsNoTracking().Where(s => s.IsActive);
        if (criteria.CleanIdentifier is { } identifier)
        {
            var type = criteria.IdentifierType ?? StructureIdentifierType.Siret;
            query = query.Where(s => s.IdentifierType == type && s.Identifier == identifier);
        }
        else if (criteria.IdentifierType is { } type)
        {
            query = query.Where(s => s.IdentifierType == type);
        }

        if (!string.IsNullOrWhiteSpace(criteria.PostalCode))
        {
            var postalCode = criteria.PostalCode.Trim();
            query = query.Where(s => s.PostalCode == postalCode);
        }

        foreach (var text in new[] { criteria.CompanyName, criteria.Label, criteria.City, criteria.LastName, criteria.FirstName })
        {
            var folded = SearchNormalizer.Normalize(text?.Trim());
            if (folded.Length > 0)
            {
                query = query.Where(s => s.SearchText.Contains(folded));
            }
        }

        var counted = await query.Take(CountLimit + 1).CountAsync(ct);
        if (counted == 0)
        {
            return new StructureSearchPage([], 0, false, 1, 1);
        }

        var total = Math.Min(counted, CountLimit);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pageCount);
        var rows = await query
            .OrderBy(s => s.CompanyName).ThenBy(s => s.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(s => new StructureSearchRow(s.Id, s.CompanyName, s.Label, s.IdentifierType, s.Identifier, s.PostalCode, s.City))
            .ToListAsync(ct);
        return new StructureSearchPage(rows, total, counted > CountLimit, page, pageCount);
    }
}
