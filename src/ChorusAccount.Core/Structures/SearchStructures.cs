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

    /// <summary>The criteria matched word by word through <see cref="StructureSearchToken"/>.</summary>
    public IEnumerable<(StructureSearchField Field, string? Text)> TextCriteria =>
    [
        (StructureSearchField.CompanyName, CompanyName),
        (StructureSearchField.Label, Label),
        (StructureSearchField.City, City),
        (StructureSearchField.LastName, LastName),
        (StructureSearchField.FirstName, FirstName),
    ];

    /// <summary>Words one text criterion may hold: each word is a range of the search index, a few parameters of the
    /// statement (SQL Server takes 2,100 at most) and, on some engines, one more lookup.</summary>
    public const int MaxWordsPerField = 8;

    /// <summary>Words all the text criteria together may hold.</summary>
    public const int MaxWords = 16;

    /// <summary>The words of the text criteria, or null when one field or all together hold more than the search takes
    /// (<see cref="MaxWordsPerField"/>, <see cref="MaxWords"/>).</summary>
    public IReadOnlyList<(StructureSearchField Field, string Word)>? WordsWithinLimits()
    {
        if (!TextCriteria.All(c => WithinFieldLimit(c.Text)))
        {
            return null;
        }

        var words = TextCriteria.SelectMany(c => StructureSearchTokens.Words(c.Text).Select(w => (c.Field, w))).ToList();
        return words.Count > MaxWords ? null : words;
    }

    /// <summary>Whether one text criterion holds no more words than <see cref="MaxWordsPerField"/>.</summary>
    public static bool WithinFieldLimit(string? text) => StructureSearchTokens.Words(text).Count <= MaxWordsPerField;

    public string? CleanIdentifier => string.IsNullOrWhiteSpace(Identifier) ? null : Identifier.Replace(" ", "", StringComparison.Ordinal).Trim();

    /// <summary>Digits a SIREN has: the first nine of every SIRET of the same company.</summary>
    public const int SirenLength = 9;

    /// <summary>An identifier read as a SIRET is searched as people type it: 14 digits are one SIRET (its key checked),
    /// 9 to 13 digits the start of one — a SIREN finds every establishment of the company.</summary>
    public SiretCheck IdentifierCheck =>
        !IdentifierIsSiret ? SiretCheck.Valid
        : SiretStart is not null ? SiretCheck.Valid
        : StructureIdentifier.CheckSiret(CleanIdentifier);

    /// <summary>The SIREN or start of SIRET typed (9 to 13 digits), or null.</summary>
    public string? SiretStart =>
        IdentifierIsSiret && CleanIdentifier is { Length: >= SirenLength and < 14 } digits && digits.All(char.IsAsciiDigit) ? digits : null;

    /// <summary>A postal code matches the codes it begins: « 45 » is the Loiret, « 450 » some of its communes.</summary>
    public string? PostalCodeStart => string.IsNullOrWhiteSpace(PostalCode) ? null : PostalCode.Trim();

    /// <summary>Five digits are a whole French postal code, the start of no other: it is matched as one token.</summary>
    public bool PostalCodeIsWhole => PostalCodeStart is { Length: 5 } code && code.All(char.IsAsciiDigit);

    /// <summary>The postal codes searched, as a range of codes: no end for a whole code (that code only), else the codes
    /// the typed start begins. Null without a postal code.</summary>
    public (string Start, string? End)? PostalCodeRange =>
        PostalCodeStart is not { } start ? null : (start, PostalCodeIsWhole ? null : StructureSearchTokens.PrefixEnd(start));
}

public sealed record StructureSearchRow(Guid Id, string CompanyName, string? Label, StructureIdentifierType IdentifierType, string Identifier, string? PostalCode, string? City);

/// <summary>A page of results; when <paramref name="MoreThanTotal"/> there are more than <paramref name="Total"/> matches.</summary>
public sealed record StructureSearchPage(IReadOnlyList<StructureSearchRow> Rows, int Total, bool MoreThanTotal, int Page, int PageCount);

/// <summary>
/// Searches the active structures. A text criterion matches by word prefix, case and accents ignored: each of its
/// words must begin a word of that field (« orl » and « orleans » find « Orléans », « val exemple » finds « VAL
/// D'EXEMPLE »). A postal code matches the codes it begins (« 45 »: the Loiret); a SIRET typed in full matches exactly,
/// a SIREN or the start of a SIRET the SIRETs it begins; another identifier and the identifier type match exactly.
/// Every criterion must match.
/// </summary>
/// <remarks>
/// Every criterion but the identifier is read from the (Field, Token, CompanyName, StructureId) index of
/// <see cref="StructureSearchToken"/>: the matches counted by the engine up to <see cref="CountLimit"/> + 1, the ids of
/// the page's matches in page order, then the page's ten structures. An identifier names at most one structure: that search reads it directly.
/// </remarks>
public sealed class SearchStructures(ChorusAccountDbContext db)
{
    public const int PageSize = 10;

    /// <summary>Counting stops here: past this many matches the agent narrows the criteria.</summary>
    public const int CountLimit = 1000;

    public async Task<StructureSearchPage> ExecuteAsync(StructureSearchCriteria criteria, int page, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var nothing = new StructureSearchPage([], 0, false, 1, 1);
        var words = criteria.WordsWithinLimits()?.ToList()
            ?? throw new ArgumentException($"At most {StructureSearchCriteria.MaxWordsPerField} words a criterion and {StructureSearchCriteria.MaxWords} in all (the form says so first).", nameof(criteria));
        if (criteria.TextCriteria.Any(c => !string.IsNullOrWhiteSpace(c.Text) && !words.Any(w => w.Field == c.Field)))
        {
            // Punctuation alone (« - ») holds no word to look for: nothing matches it.
            return nothing;
        }

        var postalCodes = criteria.PostalCodeRange;
        // The matches are counted where they are found (up to one past the limit), then only the page's ids are read.
        Func<int, Task<List<Guid>>> pageIds;
        int found;
        if (criteria.CleanIdentifier is null && (words.Count > 0 || postalCodes is not null || criteria.IdentifierType is not null))
        {
            var terms = await TermsAsync(words, postalCodes, criteria.IdentifierType, ct);
            if (terms is null)
            {
                return nothing;
            }

            var matches = await StructureSearchQuery.PrepareAsync(db, terms, ct);
            found = await matches.CountAsync(CountLimit + 1, ct);
            pageIds = offset => matches.RowsAsync(offset, PageSize, ct);
        }
        else
        {
            var matches = FromStructures(criteria, words, postalCodes);
            found = await matches.Take(CountLimit + 1).CountAsync(ct);
            pageIds = offset => matches.Skip(offset).Take(PageSize).ToListAsync(ct);
        }

        if (found == 0)
        {
            return nothing;
        }

        var total = Math.Min(found, CountLimit);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pageCount);
        var ids = await pageIds((page - 1) * PageSize);
        var rows = await db.Structures.AsNoTracking()
            .Where(s => ids.Contains(s.Id))
            .Select(s => new StructureSearchRow(s.Id, s.CompanyName, s.Label, s.IdentifierType, s.Identifier, s.PostalCode, s.City))
            .ToListAsync(ct);
        return new StructureSearchPage([.. rows.OrderBy(r => ids.IndexOf(r.Id))], total, found > CountLimit, page, pageCount);
    }

    /// <summary>
    /// One term per criterion; a word is narrowed to its one token when its prefix range holds only one, so that its
    /// matches come out of the index in page order. Null when a word begins no token: nothing can match.
    /// </summary>
    private async Task<List<SearchTerm>?> TermsAsync(
        List<(StructureSearchField Field, string Word)> words, (string Start, string? End)? postalCodes, StructureIdentifierType? type, CancellationToken ct)
    {
        var terms = new List<SearchTerm>();
        var bounds = words.Count == 0 ? [] : await StructureSearchQuery.BoundsAsync(db, words, ct);
        for (var i = 0; i < words.Count; i++)
        {
            var (field, word) = words[i];
            if (bounds[i] is not (string first, string last))
            {
                return null;
            }

            terms.Add(first == last ? new SearchTerm(field, first, null) : new SearchTerm(field, word, StructureSearchTokens.PrefixEnd(word)));
        }

        if (postalCodes is var (postalStart, postalEnd))
        {
            terms.Add(new SearchTerm(StructureSearchField.PostalCode, postalStart, postalEnd));
        }

        if (type is { } identifierType)
        {
            terms.Add(new SearchTerm(StructureSearchField.IdentifierType, StructureIdentifierCodes.ToCode(identifierType), null));
        }

        return terms;
    }

    /// <summary>The ids of the matches in page order, read from the structures: an identifier search (one structure at most).</summary>
    private IQueryable<Guid> FromStructures(StructureSearchCriteria criteria, List<(StructureSearchField Field, string Word)> words, (string Start, string? End)? postalCodes)
    {
        var query = db.Structures.AsNoTracking().Where(s => s.IsActive);
        if (criteria.SiretStart is { } start)
        {
            var startEnd = StructureSearchTokens.PrefixEnd(start);
            query = query.Where(s => s.IdentifierType == StructureIdentifierType.Siret && s.Identifier.CompareTo(start) >= 0 && s.Identifier.CompareTo(startEnd) < 0);
        }
        else if (criteria.CleanIdentifier is { } identifier)
        {
            var type = criteria.IdentifierType ?? StructureIdentifierType.Siret;
            query = query.Where(s => s.IdentifierType == type && s.Identifier == identifier);
        }

        if (postalCodes is (var postalCode, null))
        {
            query = query.Where(s => s.PostalCode == postalCode);
        }
        else if (postalCodes is (var postalStart, { } postalEnd))
        {
            query = query.Where(s => s.PostalCode!.CompareTo(postalStart) >= 0 && s.PostalCode.CompareTo(postalEnd) < 0);
        }

        foreach (var (field, word) in words)
        {
            var end = StructureSearchTokens.PrefixEnd(word);
            query = query.Where(s => db.StructureSearchTokens.Any(t => t.StructureId == s.Id && t.Field == field && t.Token.CompareTo(word) >= 0 && t.Token.CompareTo(end) < 0));
        }

        return query.OrderBy(s => s.CompanyName).ThenBy(s => s.Id).Select(s => s.Id);
    }
}
