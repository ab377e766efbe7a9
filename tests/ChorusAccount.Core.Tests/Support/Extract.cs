using System.Text;
using ChorusAccount.Core.Madrhas;

namespace ChorusAccount.Core.Tests.Support;

/// <summary>Builds MADRHAS extracts for tests; lines default to the guide's persona, Pauline DUFOUR.</summary>
internal static class Extract
{
    public const string Header =
        "identifiant;civilite;nom;prenom;email;adresse_ligne1;adresse_ligne2;code_postal;ville;pays;statut;"
        + "structure_type_identifiant;structure_identifiant;structure_raison_sociale;role;services;date_debut;date_fin";

    public const string MairieSiret = "21450234500017";
    public const string CcasSiret = "26450123000017";

    public static string Line(
        string identifiant = "pdufour",
        string civilite = "Mme",
        string nom = "DUFOUR",
        string prenom = "Pauline",
        string email = "pauline.dufour@mairie-exemple.fr",
        string adresse1 = "1 place de la Mairie",
        string adresse2 = "",
        string codePostal = "45000",
        string ville = "Orléans",
        string pays = "FR",
        string statut = "ACTIF",
        string type = "SIRET",
        string structure = MairieSiret,
        string raisonSociale = "COMMUNE D'EXEMPLE",
        string role = "GESTIONNAIRE_PRINCIPAL",
        string services = "",
        string debut = "2024-01-01",
        string fin = "") =>
        string.Join(';', identifiant, civilite, nom, prenom, email, adresse1, adresse2, codePostal, ville, pays, statut,
            type, structure, raisonSociale, role, services, debut, fin);

    public static string NoStructure(string identifiant = "sgirard", string nom = "GIRARD", string prenom = "Sébastien", string statut = "ACTIF") =>
        Line(identifiant, "M.", nom, prenom, $"{identifiant}@mairie-exemple.fr", statut: statut,
            type: "", structure: "", raisonSociale: "", role: "", debut: "");

    /// <summary>The header, then the lines, LF-terminated.</summary>
    public static MemoryStream Of(params string[] lines) => Text(Header + "\n" + string.Concat(lines.Select(l => l + "\n")));

    public static MemoryStream Text(string text, bool bom = false)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return new MemoryStream(bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes);
    }

    public static async Task<List<MadrhasRecord>> ReadAllAsync(Stream stream)
    {
        var records = new List<MadrhasRecord>();
        await foreach (var record in MadrhasCsvReader.ReadAsync(stream))
        {
            records.Add(record);
        }

        return records;
    }
}
