using System.Text;
using ChorusAccount.Core.Madrhas;
using ChorusAccount.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Tests.Madrhas;

/// <summary>
/// A corpus of broken extracts: each gives a report naming the line and the fault, never an exception, and
/// the database holds exactly the users of the lines that were applied — no half-applied line.
/// </summary>
public sealed class MadrhasBrokenFilesTests
{
    private static readonly FixedTimeProvider _clock = new(new DateTimeOffset(2025, 3, 10, 9, 0, 0, TimeSpan.Zero));

    private static readonly string _jean = Extract.Line(identifiant: "jmartin", civilite: "M.", nom: "MARTIN", prenom: "Jean",
        email: "jean.martin@mairie-exemple.fr", role: "UTILISATEUR");

    /// <param name="Applied">Logins in the database afterwards, in order.</param>
    public sealed record BrokenFile(string Name, byte[] Content, int LineNumber, string Reason, bool FileError, string[] Applied)
    {
        public override string ToString() => Name;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Lines(params string[] lines) => Utf8(Extract.Header + "\n" + string.Concat(lines.Select(l => l + "\n")));

    public static TheoryData<BrokenFile> Corpus() =>
    [
        new("not UTF-8 (Latin-1)", Encoding.Latin1.GetBytes(Extract.Header + "\n" + Extract.Line() + "\n"), 1,
            "Encodage invalide : le fichier n'est pas en UTF-8", true, []),
        new("missing header", Utf8(Extract.Line() + "\n" + _jean + "\n"), 1,
            "Colonnes obligatoires absentes de l'en-tête : identifiant, nom, prenom, email, statut", true, []),
        new("missing columns", Lines(Extract.Line(), "jmartin;M.;MARTIN;Jean;jean.martin@mairie-exemple.fr;ACTIF"), 3,
            "Nombre de champs incorrect : 6 au lieu de 18", false, ["pdufour"]),
        new("extra columns", Lines(Extract.Line(), _jean + ";en trop"), 3, "Nombre de champs incorrect : 19 au lieu de 18", false, ["pdufour"]),
        new("bad SIRET checksum", Lines(Extract.Line(), _jean.Replace(Extract.MairieSiret, "21450234500018", StringComparison.Ordinal)), 3,
            "SIRET invalide : la clé de contrôle (Luhn) est fausse", false, ["pdufour"]),
        new("unknown role", Lines(Extract.Line(), _jean.Replace("UTILISATEUR", "CHEF", StringComparison.Ordinal)), 3,
            "Rôle inconnu : CHEF", false, ["pdufour"]),
        new("unknown status", Lines(Extract.Line(), _jean.Replace(";ACTIF;", ";SUSPENDU;", StringComparison.Ordinal)), 3,
            "Statut inconnu : SUSPENDU (attendu ACTIF ou INACTIF)", false, ["pdufour"]),
        new("two primary managers for one structure", Lines(Extract.Line(), _jean.Replace("UTILISATEUR", "GESTIONNAIRE_PRINCIPAL", StringComparison.Ordinal)), 3,
            "Gestionnaire principal en double : la structure 21450234500017 a déjà pour gestionnaire principal pdufour (ligne 2)", false, ["pdufour"]),
        new("user columns disagreeing between lines", Lines(Extract.Line(), Extract.Line(nom: "DURAND", structure: Extract.CcasSiret, role: "UTILISATEUR")), 3,
            "Colonnes de l'utilisateur différentes de la ligne 2 : nom", false, ["pdufour"]),
        new("unbalanced quote", Lines(Extract.Line(), _jean.Replace("Jean", "\"Jean", StringComparison.Ordinal)), 3,
            "Guillemet non fermé : le champ ouvert ligne 3 n'est jamais refermé", true, ["pdufour"]),
        new("10 MB line", Lines(Extract.Line(adresse2: new string('x', 10 * 1024 * 1024)), _jean), 2,
            $"Ligne trop longue : plus de {MadrhasCsvReader.MaxLineLength} caractères", false, ["jmartin"]),
        new("empty file", [], 1, "Fichier vide : la ligne d'en-tête est absente", true, []),
        new("not CSV (a PNG image)", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0xFF, 0xD8], 1,
            "Encodage invalide : le fichier n'est pas en UTF-8", true, []),
        new("not CSV (JSON)", Utf8("{\"users\": [{\"identifiant\": \"pdufour\"}]}\n"), 1,
            "Colonnes obligatoires absentes de l'en-tête", true, []),
    ];

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task Broken_file_gives_a_clear_report_and_applies_only_whole_good_lines(BrokenFile file)
    {
        using var database = new SqliteTestDatabase();
        await using var db = database.CreateContext();

        var report = await Import.RunAsync(db, _clock, new MemoryStream(file.Content));

        var rejection = Assert.Single(report.RejectedRecords);
        Assert.Equal((file.LineNumber, file.FileError), (rejection.LineNumber, rejection.IsFileError));
        Assert.StartsWith(file.Reason, rejection.Reason, StringComparison.Ordinal);
        await using var check = database.CreateContext();
        Assert.Equal(file.Applied, await check.Users.OrderBy(u => u.Login).Select(u => u.Login).ToListAsync());
        var run = await check.MadrhasImportRuns.SingleAsync();
        Assert.Equal((MadrhasImportRunStatus.Completed, 1), (run.Status, run.RecordsRejected));
        Assert.Equal(rejection.Reason, (await check.MadrhasRejectedRecords.SingleAsync()).Reason);
        if (file.FileError)
        {
            Assert.Equal(rejection.Reason, run.Error);
        }
    }
}
