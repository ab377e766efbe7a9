using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Structures;

namespace ChorusAccount.Core.Madrhas;

/// <summary>Reads a MADRHAS extract (contract: MADRHAS-FORMAT.md) as a stream of checked lines.</summary>
public static partial class MadrhasCsvReader
{
    public const char Separator = ';';

    /// <summary>Longest accepted record, line breaks inside quotes included: a bound on memory for broken files.</summary>
    public const int MaxLineLength = 16_384;

    // Throwing on invalid bytes: a Latin-1 export read as UTF-8 would otherwise silently garble every accented name.
    private static readonly UTF8Encoding _strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Yields, for each non-empty data line, a <see cref="MadrhasLine"/> or a <see cref="MadrhasRejection"/>.
    /// A header or encoding fault, or an unclosed quote, yields one rejection with
    /// <see cref="MadrhasRejection.IsFileError"/> set and ends the reading. The stream is left open.
    /// </summary>
    public static async IAsyncEnumerable<MadrhasRecord> ReadAsync(Stream extract, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(extract);
        using var text = new StreamReader(extract, _strictUtf8, detectEncodingFromByteOrderMarks: true, bufferSize: 16_384, leaveOpen: true);
        Header? header = null;
        await foreach (var record in CsvRecordReader.ReadAsync(text, Separator, MaxLineLength, cancellationToken))
        {
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
        if (email is not null && !EmailPattern().IsMatch(email))
        {
            errors.Add($"Email invalide : {Shorten(email)}");
        }

        var addressLine1 = Optional(MadrhasColumns.AddressLine1, "Adresse (ligne 1)", FieldLengths.AddressLine);
        var addressLine2 = Optional(MadrhasColumns.AddressLine2, "Adresse (ligne 2)", FieldLengths.AddressLine);
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

        return new MadrhasLine(
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

        string? Optional(string column, string label, int maxLength) => CheckLength(Get(column), label, maxLength, errors);
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

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add($"{label} invalide : {Shorten(text)} (format AAAA-MM-JJ attendu)");
        return null;
    }

    private static string? CheckLength(string? value, string label, int maxLength, List<string> errors)
    {
        if (value is not null && value.Length > maxLength)
        {
            errors.Add($"{label} trop long : {value.Length} caractères ({maxLength} au plus)");
        }

        return value;
    }

    // Values are echoed in reasons for the operator; a runaway field must not flood the report.
    private static string Shorten(string value, int maxLength = 40) =>
        value.Length <= maxLength ? value : string.Concat(value.AsSpan(0, maxLength), "…");

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex LoginPattern();

    // A shape check, not RFC 5322: one @, no spaces, a dotted domain of letters, digits and hyphens.
    [GeneratedRegex(@"^[^@\s""(),:;<>\[\]\\]+@[\p{L}\p{N}]([\p{L}\p{N}-]*[\p{L}\p{N}])?(\.[\p{L}\p{N}]([\p{L}\p{N}-]*[\p{L}\p{N}])?)+$")]
    private static partial Regex EmailPattern();

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
