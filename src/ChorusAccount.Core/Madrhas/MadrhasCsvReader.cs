using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Structures;
using nietras.SeparatedValues;

namespace ChorusAccount.Core.Madrhas;

/// <summary>Reads a MADRHAS extract (contract: MADRHAS-FORMAT.md) as a stream of checked lines.</summary>
/// <remarks>
/// Sep splits the records, streaming, and gives the physical line each starts on. It does not judge quoting: each field
/// is unquoted here, where text after a closing quote and a quote never closed are told apart, as the contract's
/// reasons need.
/// </remarks>
public static partial class MadrhasCsvReader
{
    public const char Separator = ';';

    /// <summary>Longest accepted record, line breaks inside quotes included: a longer one is rejected, the next one still read.</summary>
    public const int MaxLineLength = 16_384;

    // Throwing on invalid bytes: a Latin-1 export read as UTF-8 would otherwise silently garble every accented name.
    private static readonly UTF8Encoding _strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Quotes are parsed (a separator or a line break inside them splits nothing) but kept in the fields: see Unquote.
    private static readonly SepReaderOptions _csv = Sep.New(Separator).Reader() with { HasHeader = false, DisableColCountCheck = true };

    /// <summary>
    /// Yields, for each non-empty data line, a <see cref="MadrhasValidRecord"/> or a <see cref="MadrhasRejection"/>.
    /// A header or encoding fault, or an unclosed quote, yields one rejection with
    /// <see cref="MadrhasRejection.IsFileError"/> set and ends the reading. The stream is left open.
    /// </summary>
    public static async IAsyncEnumerable<MadrhasRecord> ReadAsync(Stream extract, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(extract);
        using var text = new StreamReader(extract, _strictUtf8, detectEncodingFromByteOrderMarks: true, bufferSize: 16_384, leaveOpen: true);
        using var csv = await OpenAsync(text, cancellationToken);
        Header? header = null;
        // The line after the last record read: where invalid bytes were met, roughly (the decoder reads ahead).
        var nextLine = 1;
        while (true)
        {
            var step = csv is null ? Step.BadEncoding : await MoveNextAsync(csv, cancellationToken);
            if (step == Step.BadEncoding)
            {
                yield return new MadrhasRejection(
                    nextLine, null, $"Encodage invalide : le fichier n'est pas en UTF-8 (octets invalides à partir de la ligne {nextLine} environ)", IsFileError: true);
                yield break;
            }

            if (step == Step.End)
            {
                break;
            }

            nextLine = LinesOf(csv!.Current).ToExcl;
            if (Split(csv.Current) is not { } record)
            {
                continue;
            }

            if (header is null)
            {
                header = Header.Parse(record, out var headerError);
                if (headerError is not null)
                {
                    yield return headerError;
                    yield break;
                }

                continue;
            }

            yield return ParseLine(header, record);
            if (record.IsFatal)
            {
                yield break;
            }
        }

        if (header is null)
        {
            yield return new MadrhasRejection(1, null, "Fichier vide : la ligne d'en-tête est absente", IsFileError: true);
        }
    }

    private enum Step
    {
        Row,
        End,
        BadEncoding,
    }

    private static async ValueTask<SepReader?> OpenAsync(TextReader text, CancellationToken ct)
    {
        try
        {
            return await _csv.FromAsync(text, leaveOpen: true, ct);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static async ValueTask<Step> MoveNextAsync(SepReader csv, CancellationToken ct)
    {
        try
        {
            return await csv.MoveNextAsync(ct) ? Step.Row : Step.End;
        }
        catch (DecoderFallbackException)
        {
            return Step.BadEncoding;
        }
    }

    /// <summary>The physical lines of a record, <c>[From..ToExcl]</c>.</summary>
    /// <remarks>Sep 0.18 numbers the first record as if it started on line 2 (without a header): it starts on line 1.</remarks>
    private static (int From, int ToExcl) LinesOf(SepReader.Row row) =>
        row.RowIndex == 0 ? (1, 2 + LineBreaks(row.Span)) : (row.LineNumberFrom, row.LineNumberToExcl);

    // CRLF, LF and a lone CR each end a line, as Sep counts them.
    private static int LineBreaks(ReadOnlySpan<char> text) => text.Count('\n') + text.Count('\r') - text.Count("\r\n");

    /// <summary>The record's fields, unquoted; <see langword="null"/> for a blank line.</summary>
    private static CsvRecord? Split(SepReader.Row row)
    {
        var span = row.Span;
        var from = LinesOf(row).From;
        // Sep opens a quoted section at every quote: an odd count means the last one opened is still open at the end of the file.
        if (span.Count('"') % 2 == 1)
        {
            var opened = span[..span.LastIndexOf('"')];
            return new CsvRecord(from, [], $"Guillemet non fermé : le champ ouvert ligne {from + LineBreaks(opened)} n'est jamais refermé", IsFatal: true);
        }

        if (span.Length > MaxLineLength)
        {
            return new CsvRecord(from, [], $"Ligne trop longue : plus de {MaxLineLength} caractères");
        }

        if (row.ColCount == 1 && span.IsWhiteSpace())
        {
            return null;
        }

        var fields = new string[row.ColCount];
        string? error = null;
        for (var i = 0; i < fields.Length; i++)
        {
            var field = row[i].Span;
            // A quote inside an unquoted field is taken literally, as most producers mean it.
            fields[i] = field is ['"', ..] ? Unquote(field, ref error) : field.ToString();
        }

        return new CsvRecord(from, fields, error);
    }

    /// <summary>A quoted field's value (RFC 4180: <c>""</c> inside is one quote; a line break inside is kept as LF).</summary>
    /// <remarks>Spaces may follow the closing quote; any other text means broken quoting and rejects the line.</remarks>
    private static string Unquote(ReadOnlySpan<char> field, ref string? error)
    {
        var value = new StringBuilder(field.Length);
        var at = 1;
        while (field[at..].IndexOf('"') is var quote and >= 0)
        {
            value.Append(field.Slice(at, quote));
            at += quote + 1;
            if (at < field.Length && field[at] == '"')
            {
                value.Append('"');
                at++;
                continue;
            }

            if (field[at..].IndexOfAnyExcept(' ', '\t') >= 0)
            {
                error ??= "Guillemets mal placés : du texte suit le guillemet fermant d'un champ";
            }

            break;
        }

        return value.Replace("\r\n", "\n").ToString();
    }

    /// <summary>One record of the file and the physical line (1-based) it starts on.</summary>
    /// <param name="Error">Why the record is unusable (its fields are then incomplete).</param>
    /// <param name="IsFatal">The rest of the file cannot be read either.</param>
    private sealed record CsvRecord(int LineNumber, IReadOnlyList<string> Fields, string? Error = null, bool IsFatal = false);

    private static MadrhasRecord ParseLine(Header header, CsvRecord record)
    {
        var fields = record.Fields;
        string? Get(string column) =>
            header.IndexOf(column) is { } index && index < fields.Count && fields[index].Trim() is { Length: > 0 } value ? value : null;

        var rawLogin = Get(MadrhasColumns.Login);
        var shownLogin = rawLogin is null ? null : Shorten(rawLogin, 100);
        if (record.Error is not null)
        {
            return new MadrhasRejection(record.LineNumber, shownLogin, record.Error, record.IsFatal);
        }

        if (fields.Count != header.FieldCount)
        {
            return new MadrhasRejection(record.LineNumber, shownLogin, $"Nombre de champs incorrect : {fields.Count} au lieu de {header.FieldCount}");
        }

        var errors = new List<string>();

        var login = rawLogin;
        if (login is null)
        {
            errors.Add("Identifiant manquant");
        }
        else if (!LoginPattern().IsMatch(login))
        {
            errors.Add($"Identifiant invalide : {Shorten(login)} (1 à 64 caractères parmi A-Z, a-z, 0-9, « . », « _ », « - »)");
        }

        var civility = Get(MadrhasColumns.Civility);
        if (civility is not null and not (MadrhasCodes.MrCivility or MadrhasCodes.MrsCivility))
        {
            errors.Add($"Civilité inconnue : {Shorten(civility)} (attendu « M. » ou « Mme »)");
        }

        var lastName = Required(MadrhasColumns.LastName, "Nom manquant", "Nom", FieldLengths.Name);
        var firstName = Required(MadrhasColumns.FirstName, "Prénom manquant", "Prénom", FieldLengths.Name);
        var email = Required(MadrhasColumns.Email, "Email manquant", "Email", FieldLengths.Email);
        if (email is not null && !ContactEmail.IsUsable(email))
        {
            errors.Add($"Email invalide : {Shorten(email)}");
        }

        var addressLine1 = Optional(MadrhasColumns.AddressLine1, "Adresse (ligne 1)", FieldLengths.AddressLine, multiline: true);
        var addressLine2 = Optional(MadrhasColumns.AddressLine2, "Adresse (ligne 2)", FieldLengths.AddressLine, multiline: true);
        var postalCode = Optional(MadrhasColumns.PostalCode, "Code postal", FieldLengths.PostalCode);
        var city = Optional(MadrhasColumns.City, "Ville", FieldLengths.City);

        var country = Get(MadrhasColumns.Country)?.ToUpperInvariant() ?? MadrhasCodes.DefaultCountry;
        if (country.Length != 2 || !country.All(char.IsAsciiLetterUpper))
        {
            errors.Add($"Pays invalide : {Shorten(country)} (code ISO 3166-1 à 2 lettres attendu, par exemple FR)");
        }

        var statusCode = Get(MadrhasColumns.Status);
        var status = UserStatus.Active;
        if (statusCode is null)
        {
            errors.Add("Statut manquant");
        }
        else if (!MadrhasCodes.TryParseStatus(statusCode, out status))
        {
            errors.Add($"Statut inconnu : {Shorten(statusCode)} (attendu ACTIF ou INACTIF)");
        }

        var membership = ParseMembership(Get, errors);

        if (errors.Count > 0)
        {
            return new MadrhasRejection(record.LineNumber, shownLogin, string.Join(" ; ", errors));
        }

        return new MadrhasValidRecord(
            record.LineNumber, login!, civility, lastName!, firstName!, email!,
            addressLine1, addressLine2, postalCode, city, country, status, membership);

        string? Required(string column, string missing, string label, int maxLength)
        {
            var value = Get(column);
            if (value is null)
            {
                errors.Add(missing);
            }

            return CheckLength(value, label, maxLength, errors);
        }

        string? Optional(string column, string label, int maxLength, bool multiline = false) => CheckLength(Get(column), label, maxLength, errors, multiline);
    }

    private static MadrhasMembership? ParseMembership(Func<string, string?> get, List<string> errors)
    {
        var typeCode = get(MadrhasColumns.StructureIdentifierType);
        var identifier = get(MadrhasColumns.StructureIdentifier);
        var companyName = get(MadrhasColumns.StructureCompanyName);
        var roleCode = get(MadrhasColumns.Role);
        var services = get(MadrhasColumns.Services);
        var startText = get(MadrhasColumns.StartDate);
        var endText = get(MadrhasColumns.EndDate);
        if (new[] { typeCode, identifier, companyName, roleCode, services, startText, endText }.All(v => v is null))
        {
            return null;
        }

        var errorCount = errors.Count;

        var type = StructureIdentifierType.Siret;
        if (typeCode is null)
        {
            errors.Add("Type d'identifiant de structure manquant");
        }
        else if (!MadrhasCodes.TryParseIdentifierType(typeCode, out type))
        {
            errors.Add($"Type d'identifiant de structure inconnu : {Shorten(typeCode)}");
        }

        if (identifier is null)
        {
            errors.Add("Identifiant de structure manquant");
        }
        else if (typeCode is not null && type == StructureIdentifierType.Siret)
        {
            identifier = identifier.Replace(" ", "", StringComparison.Ordinal);
            switch (StructureIdentifier.CheckSiret(identifier))
            {
                case SiretCheck.NotFourteenDigits:
                    errors.Add($"SIRET invalide : 14 chiffres attendus ({Shorten(identifier)})");
                    break;
                case SiretCheck.BadChecksum when identifier.StartsWith(StructureIdentifier.LaPosteSiren, StringComparison.Ordinal):
                    errors.Add("SIRET invalide : pour La Poste, la somme des chiffres doit être un multiple de 5");
                    break;
                case SiretCheck.BadChecksum:
                    errors.Add("SIRET invalide : la clé de contrôle (Luhn) est fausse");
                    break;
            }
        }
        else
        {
            CheckLength(identifier, "Identifiant de structure", FieldLengths.StructureIdentifier, errors);
        }

        if (companyName is null)
        {
            errors.Add("Raison sociale manquante");
        }

        CheckLength(companyName, "Raison sociale", FieldLengths.CompanyName, errors);

        var role = MembershipRole.Member;
        if (roleCode is null)
        {
            errors.Add("Rôle manquant");
        }
        else if (!MadrhasCodes.TryParseRole(roleCode, out role))
        {
            errors.Add($"Rôle inconnu : {Shorten(roleCode)}");
        }

        var serviceCodes = (services ?? "")
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var code in serviceCodes.Where(c => c.Length > FieldLengths.ServiceCode))
        {
            errors.Add($"Code service trop long : {Shorten(code)} ({FieldLengths.ServiceCode} caractères au plus)");
        }

        var startDate = ParseDate(startText, "Date de début", errors);
        var endDate = ParseDate(endText, "Date de fin", errors);
        if (startDate is { } start && endDate is { } end && end < start)
        {
            errors.Add($"Date de fin ({endText}) antérieure à la date de début ({startText})");
        }

        return errors.Count > errorCount
            ? null
            : new MadrhasMembership(type, identifier!, companyName!, role, serviceCodes, startDate, endDate);
    }

    private static DateOnly? ParseDate(string? text, string label, List<string> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (IsoDate(text) is { } date)
        {
            return date;
        }

        errors.Add($"{label} invalide : {Shorten(text)} (format AAAA-MM-JJ attendu)");
        return null;
    }

    /// <summary>
    /// A date written <c>yyyy-MM-dd</c> exactly (four, two and two ASCII digits, a real day of the Gregorian calendar): what
    /// <c>DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture)</c> accepts, read without its
    /// general-purpose parser, which cost about a tenth of an unchanged re-import.
    /// </summary>
    internal static DateOnly? IsoDate(string text)
    {
        if (text.Length != 10 || text[4] != '-' || text[7] != '-'
            || Digits(text, 0, 4) is not (> 0 and var year) || Digits(text, 5, 2) is not (>= 1 and <= 12 and var month)
            || Digits(text, 8, 2) is not (>= 1 and var day) || day > DateTime.DaysInMonth(year, month))
        {
            return null;
        }

        return new DateOnly(year, month, day);

        static int Digits(string text, int from, int count)
        {
            var value = 0;
            for (var i = from; i < from + count; i++)
            {
                if (!char.IsAsciiDigit(text[i]))
                {
                    return -1;
                }

                value = (value * 10) + (text[i] - '0');
            }

            return value;
        }
    }

    /// <summary>A text of the record: not longer than <paramref name="maxLength"/>, and plain as every name and address
    /// shown to others must be (<see cref="PlainText"/>: no control, bidi or other invisible formatting character), as
    /// the « Mon compte » form asks.</summary>
    /// <param name="multiline">An address line read from the file may keep its line breaks (RFC 4180 quoting).</param>
    private static string? CheckLength(string? value, string label, int maxLength, List<string> errors, bool multiline = false)
    {
        if (value is not null && value.Length > maxLength)
        {
            errors.Add($"{label} trop long : {value.Length} caractères ({maxLength} au plus)");
        }

        if (PlainText.ForbiddenCharacter(value, multiline) is { } forbidden)
        {
            errors.Add($"{label} : caractère interdit U+{forbidden.ToString("X4", CultureInfo.InvariantCulture)} (caractère de contrôle, de mise en forme ou invisible)");
        }

        return value;
    }

    // Values are echoed in reasons for the operator; a runaway field must not flood the report.
    private static string Shorten(string value, int maxLength = 40) =>
        value.Length <= maxLength ? value : string.Concat(value.AsSpan(0, maxLength), "…");

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex LoginPattern();

    /// <summary>Column positions found in the header line.</summary>
    private sealed class Header
    {
        private readonly Dictionary<string, int> _indexes;

        private Header(Dictionary<string, int> indexes, int fieldCount)
        {
            _indexes = indexes;
            FieldCount = fieldCount;
        }

        public int FieldCount { get; }

        public int? IndexOf(string column) => _indexes.TryGetValue(column, out var index) ? index : null;

        public static Header? Parse(CsvRecord record, out MadrhasRejection? error)
        {
            error = null;
            if (record.Error is not null)
            {
                // Encoding and quoting faults name themselves; only a header-local fault needs the context.
                error = FileError(record.IsFatal ? record.Error : $"En-tête illisible : {record.Error}");
                return null;
            }

            // Unknown columns are ignored so that MADRHAS may add some without breaking the import.
            var indexes = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < record.Fields.Count; i++)
            {
                var name = record.Fields[i].Trim();
                if (name.Length == 0)
                {
                    continue;
                }

                if (!indexes.TryAdd(name, i))
                {
                    error = FileError($"Colonne en double dans l'en-tête : {Shorten(name)}");
                    return null;
                }
            }

            var missing = MadrhasColumns.Required.Where(c => !indexes.ContainsKey(c)).ToList();
            if (missing.Count > 0)
            {
                error = FileError($"Colonnes obligatoires absentes de l'en-tête : {string.Join(", ", missing)}");
                return null;
            }

            var structureColumns = MadrhasColumns.StructureGroup.Where(indexes.ContainsKey).ToList();
            if (structureColumns.Count > 0 && structureColumns.Count < MadrhasColumns.StructureGroup.Count)
            {
                var absent = MadrhasColumns.StructureGroup.Except(structureColumns);
                error = FileError($"Colonnes de structure absentes de l'en-tête : {string.Join(", ", absent)}");
                return null;
            }

            return new Header(indexes, record.Fields.Count);

            MadrhasRejection FileError(string reason) => new(record.LineNumber, null, reason, IsFileError: true);
        }
    }
}
