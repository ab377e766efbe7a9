using System.Globalization;
using System.Text;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Madrhas;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Structures;
using ChorusAccount.Core.Tests.Support;

namespace ChorusAccount.Core.Tests.Madrhas;

public sealed class MadrhasCsvReaderTests
{
    [Fact]
    public async Task Valid_line_is_parsed_into_typed_values()
    {
        var records = await Extract.ReadAllAsync(Extract.Of(Extract.Line()));

        var line = Assert.IsType<MadrhasValidRecord>(Assert.Single(records));
        Assert.Equal(2, line.LineNumber);
        Assert.Equal("pdufour", line.Login);
        Assert.Equal("Mme", line.Civility);
        Assert.Equal("DUFOUR", line.LastName);
        Assert.Equal("Pauline", line.FirstName);
        Assert.Equal("pauline.dufour@mairie-exemple.fr", line.Email);
        Assert.Equal("1 place de la Mairie", line.AddressLine1);
        Assert.Null(line.AddressLine2);
        Assert.Equal("45000", line.PostalCode);
        Assert.Equal("Orléans", line.City);
        Assert.Equal("FR", line.Country);
        Assert.Equal(UserStatus.Active, line.Status);
        var membership = Assert.IsType<MadrhasMembership>(line.Membership);
        Assert.Equal(StructureIdentifierType.Siret, membership.IdentifierType);
        Assert.Equal("21450234500017", membership.Identifier);
        Assert.Equal("COMMUNE D'EXEMPLE", membership.CompanyName);
        Assert.Equal(MembershipRole.PrimaryManager, membership.Role);
        Assert.Empty(membership.ServiceCodes);
        Assert.True(membership.WholeStructure);
        Assert.Equal(new DateOnly(2024, 1, 1), membership.StartDate);
        Assert.Null(membership.EndDate);
    }

    [Fact]
    public async Task Columns_are_found_by_name_in_any_order_and_unknown_columns_are_ignored()
    {
        var text = "statut;email;commentaire;prenom;nom;identifiant\n"
            + "INACTIF;bernard.leroy@mairie-exemple.fr;parti en retraite;Bernard;LEROY;bleroy\n";

        var line = Assert.IsType<MadrhasValidRecord>(Assert.Single(await Extract.ReadAllAsync(Extract.Text(text))));

        Assert.Equal("bleroy", line.Login);
        Assert.Equal("LEROY", line.LastName);
        Assert.Equal("Bernard", line.FirstName);
        Assert.Equal("bernard.leroy@mairie-exemple.fr", line.Email);
        Assert.Equal(UserStatus.Inactive, line.Status);
        Assert.Equal("FR", line.Country);
        Assert.Null(line.Membership);
    }

    [Theory]
    [InlineData("INACTIF", UserStatus.Inactive)]
    [InlineData("ACTIF", UserStatus.Active)]
    public async Task Status_codes_map_to_user_statuses(string code, UserStatus expected)
    {
        var line = Assert.IsType<MadrhasValidRecord>(Assert.Single(await Extract.ReadAllAsync(Extract.Of(Extract.Line(statut: code)))));
        Assert.Equal(expected, line.Status);
    }

    [Theory]
    [InlineData("UTILISATEUR", MembershipRole.Member)]
    [InlineData("GESTIONNAIRE_SECONDAIRE", MembershipRole.SecondaryManager)]
    [InlineData("GESTIONNAIRE_PRINCIPAL", MembershipRole.PrimaryManager)]
    public async Task Role_codes_map_to_membership_roles(string code, MembershipRole expected)
    {
        var line = Assert.IsType<MadrhasValidRecord>(Assert.Single(await Extract.ReadAllAsync(Extract.Of(Extract.Line(role: code)))));
        Assert.Equal(expected, line.Membership!.Role);
    }

    [Theory]
    [InlineData("UE_HORS_FRANCE", StructureIdentifierType.UeHorsFrance)]
    [InlineData("HORS_UE", StructureIdentifierType.HorsUe)]
    [InlineData("RIDET", StructureIdentifierType.Ridet)]
    [InlineData("TAHITI", StructureIdentifierType.Tahiti)]
    [InlineData("EN_COURS_IMMATRICULATION", StructureIdentifierType.EnCoursImmatriculation)]
    [InlineData("PARTICULIER", StructureIdentifierType.Particulier)]
    [InlineData("AUTRE", StructureIdentifierType.Autre)]
    public async Task Identifiers_that_are_not_a_siret_are_not_checked_as_one(string code, StructureIdentifierType expected)
    {
        var line = Assert.IsType<MadrhasValidRecord>(Assert.Single(await Extract.ReadAllAsync(Extract.Of(Extract.Line(type: code, structure: "X-0042")))));
        Assert.Equal(expected, line.Membership!.IdentifierType);
        Assert.Equal("X-0042", line.Membership.Identifier);
    }

    [Fact]
    public async Task Siret_is_kept_without_its_spaces()
    {
        var line = Assert.IsType<MadrhasValidRecord>(Assert.Single(await Extract.ReadAllAsync(Extract.Of(Extract.Line(structure: "214 502 345 00017")))));
        Assert.Equal("21450234500017", line.Membership!.Identifier);
    }

    [Fact]
    public async Task Services_are_split_on_commas_trimmed_and_deduplicated()
    {
        var line = Assert.IsType<MadrhasValidRecord>(Assert.Single(await Extract.ReadAllAsync(
            Extract.Of(Extract.Line(role: "UTILISATEUR", services: "SERV-FIN, SERV-TECH,,SERV-FIN")))));

        Assert.Equal(["SERV-FIN", "SERV-TECH"], line.Membership!.ServiceCodes);
        Assert.False(line.Membership.WholeStructure);
    }

    [Fact]
    public async Task Line_with_empty_structure_columns_has_no_membership()
    {
        var line = Assert.IsType<MadrhasValidRecord>(Assert.Single(await Extract.ReadAllAsync(Extract.Of(Extract.NoStructure()))));
        Assert.Equal("sgirard", line.Login);
        Assert.Null(line.Membership);
    }

    [Fact]
    public async Task Quoted_field_may_hold_the_separator()
    {
        var records = await Extract.ReadAllAsync(Extract.Of(Extract.Line(adresse2: "\"Bâtiment A; 2e étage\"")));

        var line = Assert.IsType<MadrhasValidRecord>(Assert.Single(records));
        Assert.Equal("Bâtiment A; 2e étage", line.AddressLine2);
        Assert.Equal("45000", line.PostalCode);
    }

    [Fact]
    public async Task Doubled_quotes_inside_a_quoted_field_are_one_quote()
    {
        var records = await Extract.ReadAllAsync(Extract.Of(Extract.Line(raisonSociale: "\"COMMUNE \"\"LES PINS\"\"\"")));

        var line = Assert.IsType<MadrhasValidRecord>(Assert.Single(records));
        Assert.Equal("COMMUNE \"LES PINS\"", line.Membership!.CompanyName);
    }

    [Fact]
    public async Task Quote_inside_an_unquoted_field_is_taken_literally()
    {
        var records = await Extract.ReadAllAsync(Extract.Of(Extract.Line(raisonSociale: "COMMUNE \"LES PINS\"")));

        var line = Assert.IsType<MadrhasValidRecord>(Assert.Single(records));
        Assert.Equal("COMMUNE \"LES PINS\"", line.Membership!.CompanyName);
    }

    [Fact]
    public async Task Empty_quoted_field_is_absent()
    {
        var records = await Extract.ReadAllAsync(Extract.Of(Extract.Line(adresse2: "\"\"", codePostal: "\"  \"")));

        var line = Assert.IsType<MadrhasValidRecord>(Assert.Single(records));
        Assert.Null(line.AddressLine2);
        Assert.Null(line.PostalCode);
    }

    [Fact]
    public async Task Quoted_last_field_may_be_followed_by_crlf_and_spaces_after_a_closing_quote_are_allowed()
    {
        var text = Extract.Header + "\r\n" + Extract.Line(fin: "\"2025-12-31\"") + "\r\n" + Extract.Line(identifiant: "jmartin", role: "UTILISATEUR", ville: "\"Orléans\"  ") + "\r\n";

        var records = await Extract.ReadAllAsync(Extract.Text(text));

        Assert.Equal(new DateOnly(2025, 12, 31), Assert.IsType<MadrhasValidRecord>(records[0]).Membership!.EndDate);
        var second = Assert.IsType<MadrhasValidRecord>(records[1]);
        Assert.Equal("Orléans", second.City);
        Assert.Equal(3, second.LineNumber);
    }

    [Fact]
    public async Task Line_breaks_inside_quotes_stay_in_the_field_and_later_lines_keep_their_physical_numbers()
    {
        var text = Extract.Header + "\n"
            + Extract.Line(adresse2: "\"Bâtiment A\nEscalier B\r\n3e étage\"") + "\n"
            + Extract.Line(identifiant: "jmartin", role: "GESTIONNAIRE_SECONDAIRE") + "\n";

        var records = await Extract.ReadAllAsync(Extract.Text(text));

        Assert.Equal(2, records.Count);
        var first = Assert.IsType<MadrhasValidRecord>(records[0]);
        Assert.Equal(2, first.LineNumber);
        Assert.Equal("Bâtiment A\nEscalier B\n3e étage", first.AddressLine2);
        var second = Assert.IsType<MadrhasValidRecord>(records[1]);
        Assert.Equal("jmartin", second.Login);
        Assert.Equal(5, second.LineNumber);
    }

    [Fact]
    public async Task Byte_order_mark_is_tolerated()
    {
        var records = await Extract.ReadAllAsync(Extract.Text(Extract.Header + "\n" + Extract.Line() + "\n", bom: true));

        var line = Assert.IsType<MadrhasValidRecord>(Assert.Single(records));
        Assert.Equal("pdufour", line.Login);
    }

    [Fact]
    public async Task Crlf_line_endings_leave_no_carriage_return_in_the_last_column()
    {
        var text = Extract.Header + "\r\n" + Extract.Line(fin: "2025-12-31") + "\r\n" + Extract.Line(identifiant: "jmartin", role: "UTILISATEUR", fin: "2026-06-30") + "\r\n";

        var records = await Extract.ReadAllAsync(Extract.Text(text));

        Assert.Equal(2, records.Count);
        Assert.Equal(new DateOnly(2025, 12, 31), Assert.IsType<MadrhasValidRecord>(records[0]).Membership!.EndDate);
        var second = Assert.IsType<MadrhasValidRecord>(records[1]);
        Assert.Equal(new DateOnly(2026, 6, 30), second.Membership!.EndDate);
        Assert.Equal(3, second.LineNumber);
    }

    [Fact]
    public async Task Empty_lines_are_ignored_but_counted_in_line_numbers()
    {
        var text = "\n" + Extract.Header + "\n\n" + Extract.Line() + "\r\n  \r\n\n" + Extract.Line(identifiant: "jmartin", role: "UTILISATEUR") + "\n\n";

        var records = await Extract.ReadAllAsync(Extract.Text(text));

        Assert.Equal([4, 7], records.Select(r => r.LineNumber));
        Assert.All(records, r => Assert.IsType<MadrhasValidRecord>(r));
    }

    [Fact]
    public async Task Last_line_without_a_final_line_break_is_read()
    {
        var records = await Extract.ReadAllAsync(Extract.Text(Extract.Header + "\n" + Extract.Line(fin: "2025-12-31")));

        var line = Assert.IsType<MadrhasValidRecord>(Assert.Single(records));
        Assert.Equal(new DateOnly(2025, 12, 31), line.Membership!.EndDate);
    }

    [Fact]
    public async Task Missing_required_header_columns_give_one_error_for_the_whole_file()
    {
        var header = Extract.Header.Replace("email;", "", StringComparison.Ordinal).Replace("statut;", "", StringComparison.Ordinal);
        var text = header + "\npdufour;Mme;DUFOUR;Pauline;;;;;;;;;;;;\njmartin;M.;MARTIN;Jean;;;;;;;;;;;;\n";

        var records = await Extract.ReadAllAsync(Extract.Text(text));

        var rejection = Assert.IsType<MadrhasRejection>(Assert.Single(records));
        Assert.True(rejection.IsFileError);
        Assert.Equal(1, rejection.LineNumber);
        Assert.Equal("Colonnes obligatoires absentes de l'en-tête : email, statut", rejection.Reason);
    }

    [Fact]
    public async Task Header_with_only_part_of_the_structure_columns_is_a_file_error()
    {
        var header = Extract.Header.Replace(";role", "", StringComparison.Ordinal);

        var records = await Extract.ReadAllAsync(Extract.Text(header + "\n"));

        var rejection = Assert.IsType<MadrhasRejection>(Assert.Single(records));
        Assert.True(rejection.IsFileError);
        Assert.Equal("Colonnes de structure absentes de l'en-tête : role", rejection.Reason);
    }

    [Fact]
    public async Task Duplicated_header_column_is_a_file_error()
    {
        var records = await Extract.ReadAllAsync(Extract.Text(Extract.Header + ";nom\n"));

        var rejection = Assert.IsType<MadrhasRejection>(Assert.Single(records));
        Assert.True(rejection.IsFileError);
        Assert.Equal("Colonne en double dans l'en-tête : nom", rejection.Reason);
    }

    [Fact]
    public async Task Empty_file_is_a_file_error()
    {
        var rejection = Assert.IsType<MadrhasRejection>(Assert.Single(await Extract.ReadAllAsync(Extract.Text("\r\n\n", bom: true))));
        Assert.True(rejection.IsFileError);
        Assert.Equal("Fichier vide : la ligne d'en-tête est absente", rejection.Reason);
    }

    // The reader reads its dates by hand: exactly what DateOnly.TryParseExact("yyyy-MM-dd", invariant) accepts.
    [Theory]
    [InlineData("2024-02-29")]
    [InlineData("2025-02-29")]
    [InlineData("2024-04-30")]
    [InlineData("2024-04-31")]
    [InlineData("2024-12-31")]
    [InlineData("2024-00-10")]
    [InlineData("2024-13-01")]
    [InlineData("2024-04-00")]
    [InlineData("0000-01-01")]
    [InlineData("0001-01-01")]
    [InlineData("9999-12-31")]
    [InlineData("1900-02-29")]
    [InlineData("2000-02-29")]
    [InlineData("2024-4-01")]
    [InlineData("2024-04-1")]
    [InlineData("24-04-01")]
    [InlineData("02024-04-01")]
    [InlineData(" 2024-04-01")]
    [InlineData("2024-04-01 ")]
    [InlineData("2024/04/01")]
    [InlineData("2024-04-01T00:00")]
    [InlineData("+024-04-01")]
    [InlineData("２０２４-04-01")]
    [InlineData("2024-0a-01")]
    [InlineData("")]
    public void A_date_is_read_as_DateOnly_reads_yyyy_MM_dd(string text)
    {
        DateOnly? expected = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

        Assert.Equal(expected, MadrhasCsvReader.IsoDate(text));
    }

    [Theory]
    [InlineData("identifiant", "", "Identifiant manquant")]
    [InlineData("identifiant", "p dufour", "Identifiant invalide : p dufour (1 à 64 caractères parmi A-Z, a-z, 0-9, « . », « _ », « - »)")]
    [InlineData("identifiant", "pdufour@dgfip", "Identifiant invalide : pdufour@dgfip (1 à 64 caractères parmi A-Z, a-z, 0-9, « . », « _ », « - »)")]
    [InlineData("civilite", "Mlle", "Civilité inconnue : Mlle (attendu « M. » ou « Mme »)")]
    [InlineData("nom", "", "Nom manquant")]
    [InlineData("prenom", "", "Prénom manquant")]
    [InlineData("email", "", "Email manquant")]
    [InlineData("email", "pauline.dufour", "Email invalide : pauline.dufour")]
    [InlineData("email", "pauline dufour@mairie-exemple.fr", "Email invalide : pauline dufour@mairie-exemple.fr")]
    [InlineData("email", "pauline.dufour@mairie", "Email invalide : pauline.dufour@mairie")]
    [InlineData("email", "pauline@dufour@mairie-exemple.fr", "Email invalide : pauline@dufour@mairie-exemple.fr")]
    [InlineData("email", "jean,dupont@mairie-exemple.fr", "Email invalide : jean,dupont@mairie-exemple.fr")]
    [InlineData("email", "x(y@mairie-exemple.fr", "Email invalide : x(y@mairie-exemple.fr")]
    [InlineData("email", "jean..dupont@mairie-exemple.fr", "Email invalide : jean..dupont@mairie-exemple.fr")]
    [InlineData("pays", "FRA", "Pays invalide : FRA (code ISO 3166-1 à 2 lettres attendu, par exemple FR)")]
    [InlineData("statut", "", "Statut manquant")]
    [InlineData("statut", "SUSPENDU", "Statut inconnu : SUSPENDU (attendu ACTIF ou INACTIF)")]
    [InlineData("type", "", "Type d'identifiant de structure manquant")]
    [InlineData("type", "SIREN", "Type d'identifiant de structure inconnu : SIREN")]
    [InlineData("structure", "", "Identifiant de structure manquant")]
    [InlineData("structure", "21450234500018", "SIRET invalide : la clé de contrôle (Luhn) est fausse")]
    [InlineData("structure", "2145023450001", "SIRET invalide : 14 chiffres attendus (2145023450001)")]
    [InlineData("structure", "35600000000014", "SIRET invalide : pour La Poste, la somme des chiffres doit être un multiple de 5")]
    [InlineData("raisonSociale", "", "Raison sociale manquante")]
    [InlineData("role", "", "Rôle manquant")]
    [InlineData("role", "CHEF", "Rôle inconnu : CHEF")]
    [InlineData("debut", "2024-04-31", "Date de début invalide : 2024-04-31 (format AAAA-MM-JJ attendu)")]
    [InlineData("debut", "2024-4-01", "Date de début invalide : 2024-4-01 (format AAAA-MM-JJ attendu)")]
    [InlineData("debut", "2024-13-01", "Date de début invalide : 2024-13-01 (format AAAA-MM-JJ attendu)")]
    [InlineData("debut", "01/01/2024", "Date de début invalide : 01/01/2024 (format AAAA-MM-JJ attendu)")]
    [InlineData("fin", "2024-02-30", "Date de fin invalide : 2024-02-30 (format AAAA-MM-JJ attendu)")]
    [InlineData("fin", "2023-12-31", "Date de fin (2023-12-31) antérieure à la date de début (2024-01-01)")]
    public async Task Invalid_value_rejects_the_line_with_its_reason(string column, string value, string reason)
    {
        var line = column switch
        {
            "identifiant" => Extract.Line(identifiant: value),
            "civilite" => Extract.Line(civilite: value),
            "nom" => Extract.Line(nom: value),
            "prenom" => Extract.Line(prenom: value),
            "email" => Extract.Line(email: value),
            "pays" => Extract.Line(pays: value),
            "statut" => Extract.Line(statut: value),
            "type" => Extract.Line(type: value),
            "structure" => Extract.Line(structure: value),
            "raisonSociale" => Extract.Line(raisonSociale: value),
            "role" => Extract.Line(role: value),
            "debut" => Extract.Line(debut: value),
            "fin" => Extract.Line(fin: value),
            _ => throw new ArgumentOutOfRangeException(nameof(column)),
        };

        var records = await Extract.ReadAllAsync(Extract.Of(Extract.Line(identifiant: "jmartin", role: "UTILISATEUR"), line));

        Assert.IsType<MadrhasValidRecord>(records[0]);
        var rejection = Assert.IsType<MadrhasRejection>(records[1]);
        Assert.Equal(3, rejection.LineNumber);
        Assert.Equal(reason, rejection.Reason);
        Assert.False(rejection.IsFileError);
        Assert.Equal(column == "identifiant" && value.Length == 0 ? null : column == "identifiant" ? value : "pdufour", rejection.Login);
    }

    [Fact]
    public async Task Identifiant_of_64_allowed_characters_is_accepted_and_65_is_rejected()
    {
        var longest = "a._-" + new string('x', 59) + "9";
        var tooLong = longest + "z";

        var records = await Extract.ReadAllAsync(Extract.Of(Extract.Line(identifiant: longest), Extract.Line(identifiant: tooLong, structure: Extract.CcasSiret)));

        Assert.Equal(64, Assert.IsType<MadrhasValidRecord>(records[0]).Login.Length);
        var rejection = Assert.IsType<MadrhasRejection>(records[1]);
        Assert.StartsWith("Identifiant invalide : ", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Value_longer_than_its_column_is_rejected()
    {
        var rejection = Assert.IsType<MadrhasRejection>(Assert.Single(await Extract.ReadAllAsync(Extract.Of(Extract.Line(nom: new string('D', 101))))));
        Assert.Equal("Nom trop long : 101 caractères (100 au plus)", rejection.Reason);
    }

    [Theory]
    [InlineData("nom", "\u202E", "Nom : caractère interdit U+202E (caractère de contrôle, de mise en forme ou invisible)")]
    [InlineData("prenom", "\u200B", "Prénom : caractère interdit U+200B (caractère de contrôle, de mise en forme ou invisible)")]
    [InlineData("nom", "\u2066", "Nom : caractère interdit U+2066 (caractère de contrôle, de mise en forme ou invisible)")]
    [InlineData("prenom", "\u0007", "Prénom : caractère interdit U+0007 (caractère de contrôle, de mise en forme ou invisible)")]
    [InlineData("raisonSociale", "\u202E", "Raison sociale : caractère interdit U+202E (caractère de contrôle, de mise en forme ou invisible)")]
    public async Task A_name_holding_a_bidi_or_format_character_is_rejected_with_its_reason(string column, string character, string reason)
    {
        // The same rule as the « Mon compte » form (PlainText): an override must not make a name read otherwise.
        var value = "DU" + character + "FOUR";
        var line = column switch
        {
            "nom" => Extract.Line(nom: value),
            "prenom" => Extract.Line(prenom: value),
            _ => Extract.Line(raisonSociale: value),
        };

        var records = await Extract.ReadAllAsync(Extract.Of(Extract.Line(identifiant: "jmartin", role: "UTILISATEUR"), line));

        Assert.IsType<MadrhasValidRecord>(records[0]);
        var rejection = Assert.IsType<MadrhasRejection>(records[1]);
        Assert.Equal(3, rejection.LineNumber);
        Assert.Equal(reason, rejection.Reason);
    }

    [Fact]
    public async Task Every_fault_of_a_line_is_given_in_one_reason()
    {
        var rejection = Assert.IsType<MadrhasRejection>(Assert.Single(await Extract.ReadAllAsync(Extract.Of(Extract.Line(nom: "", role: "CHEF")))));
        Assert.Equal("Nom manquant ; Rôle inconnu : CHEF", rejection.Reason);
    }

    [Fact]
    public async Task Services_or_dates_without_a_structure_are_rejected()
    {
        var line = Extract.Line(type: "", structure: "", raisonSociale: "", role: "", services: "SERV-FIN", debut: "");

        var rejection = Assert.IsType<MadrhasRejection>(Assert.Single(await Extract.ReadAllAsync(Extract.Of(line))));

        Assert.Equal("Type d'identifiant de structure manquant ; Identifiant de structure manquant ; Raison sociale manquante ; Rôle manquant", rejection.Reason);
    }

    [Fact]
    public async Task Line_with_a_wrong_number_of_fields_is_rejected()
    {
        var records = await Extract.ReadAllAsync(Extract.Of(Extract.Line(adresse2: "Bâtiment A; 2e étage"), Extract.Line(identifiant: "jmartin", role: "UTILISATEUR")));

        var rejection = Assert.IsType<MadrhasRejection>(records[0]);
        Assert.Equal("pdufour", rejection.Login);
        Assert.Equal("Nombre de champs incorrect : 19 au lieu de 18", rejection.Reason);
        Assert.Equal("jmartin", Assert.IsType<MadrhasValidRecord>(records[1]).Login);
    }

    [Fact]
    public async Task Text_after_a_closing_quote_rejects_the_line()
    {
        var records = await Extract.ReadAllAsync(Extract.Of(Extract.Line(adresse2: "\"Bâtiment A\" 2e étage"), Extract.Line(identifiant: "jmartin", role: "UTILISATEUR")));

        var rejection = Assert.IsType<MadrhasRejection>(records[0]);
        Assert.Equal(2, rejection.LineNumber);
        Assert.Equal("Guillemets mal placés : du texte suit le guillemet fermant d'un champ", rejection.Reason);
        Assert.Equal(3, Assert.IsType<MadrhasValidRecord>(records[1]).LineNumber);
    }

    [Fact]
    public async Task Unclosed_quote_stops_the_reading_with_a_file_error_after_the_earlier_lines()
    {
        var records = await Extract.ReadAllAsync(Extract.Of(
            Extract.Line(),
            Extract.Line(identifiant: "jmartin", role: "UTILISATEUR", adresse2: "\"Bâtiment A"),
            Extract.Line(identifiant: "clefebvre", role: "UTILISATEUR")));

        Assert.Equal(2, records.Count);
        Assert.Equal("pdufour", Assert.IsType<MadrhasValidRecord>(records[0]).Login);
        var rejection = Assert.IsType<MadrhasRejection>(records[1]);
        Assert.True(rejection.IsFileError);
        Assert.Equal(3, rejection.LineNumber);
        Assert.Equal("Guillemet non fermé : le champ ouvert ligne 3 n'est jamais refermé", rejection.Reason);
    }

    [Fact]
    public async Task File_that_is_not_utf8_is_a_file_error()
    {
        var latin1 = Encoding.Latin1.GetBytes(Extract.Header + "\n" + Extract.Line() + "\n");

        var records = await Extract.ReadAllAsync(new MemoryStream(latin1));

        var rejection = Assert.IsType<MadrhasRejection>(Assert.Single(records));
        Assert.True(rejection.IsFileError);
        Assert.StartsWith("Encodage invalide : le fichier n'est pas en UTF-8", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overlong_line_is_rejected_and_the_next_line_is_still_read()
    {
        var records = await Extract.ReadAllAsync(Extract.Of(
            Extract.Line(adresse2: new string('x', MadrhasCsvReader.MaxLineLength)),
            Extract.Line(identifiant: "jmartin", role: "UTILISATEUR")));

        var rejection = Assert.IsType<MadrhasRejection>(records[0]);
        Assert.Equal(2, rejection.LineNumber);
        Assert.Equal($"Ligne trop longue : plus de {MadrhasCsvReader.MaxLineLength} caractères", rejection.Reason);
        var next = Assert.IsType<MadrhasValidRecord>(records[1]);
        Assert.Equal(3, next.LineNumber);
    }

    [Fact]
    public async Task Lines_are_yielded_before_the_rest_of_the_stream_is_read()
    {
        using var stream = new EndlessExtractStream(Encoding.UTF8.GetBytes(Extract.Header + "\n"), Encoding.UTF8.GetBytes(Extract.Line() + "\n"));

        await using var lines = MadrhasCsvReader.ReadAsync(stream).GetAsyncEnumerator();

        Assert.True(await lines.MoveNextAsync());
        Assert.Equal("pdufour", Assert.IsType<MadrhasValidRecord>(lines.Current).Login);
        Assert.True(await lines.MoveNextAsync());
        Assert.Equal(3, lines.Current.LineNumber);
        Assert.InRange(stream.Served, 1, 1024 * 1024);
    }

    [Fact]
    public async Task Stream_is_left_open()
    {
        using var stream = Extract.Of(Extract.Line());
        await Extract.ReadAllAsync(stream);
        Assert.True(stream.CanRead);
    }

    /// <summary>A header, then the same line forever: a reader that is not streaming never yields from it.</summary>
    private sealed class EndlessExtractStream(byte[] header, byte[] line) : Stream
    {
        private long _position;

        /// <summary>Bytes read from the stream so far.</summary>
        public long Served => _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            for (var i = 0; i < buffer.Length; i++, _position++)
            {
                buffer[i] = _position < header.Length ? header[_position] : line[(_position - header.Length) % line.Length];
            }

            return buffer.Length;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
