using System.Globalization;
using System.Text;
using ChorusAccount.Core.Madrhas;
using ChorusAccount.Core.Structures;

namespace ChorusAccount.Bench.Shared;

/// <summary>
/// Writes a valid MADRHAS extract of exactly N lines, the same for the same N, seed and shape. <see cref="ExtractShape.Standard"/>:
/// one structure per 50 lines, its first line the primary manager, a fifth of the users on two structures, some on
/// services, 2 % inactive. <see cref="ExtractShape.Heavy"/> (issue 15): one structure per 40 lines, users on one to three
/// structures, two services on 40 % of the records.
/// </summary>
public static class ExtractGenerator
{
    public static void Write(string path, int lines, int seed = 20250310, ExtractShape shape = ExtractShape.Standard)
    {
        var heavy = shape == ExtractShape.Heavy;
        var random = new Random(seed);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16);
        writer.Write(string.Join(';', MadrhasColumns.All));
        writer.Write('\n');
        var structures = Math.Max(1, lines / (heavy ? 40 : 50));
        var written = 0;
        for (var user = 0; written < lines; user++)
        {
            var first = user % structures;
            var inactive = random.Next(50) == 0;
            var links = heavy ? Math.Min(1 + random.Next(3), lines - written) : random.Next(5) == 0 && written + 1 < lines ? 2 : 1;
            for (var link = 0; link < links; link++)
            {
                // The first user of each structure (the first pass over them) is its primary manager.
                var structure = (first + link * 7) % structures;
                var role = link == 0 && user < structures ? "GESTIONNAIRE_PRINCIPAL" : random.Next(20) == 0 ? "GESTIONNAIRE_SECONDAIRE" : "UTILISATEUR";
                var services = heavy
                    ? random.Next(10) < 4 ? TwoServices(random) : ""
                    : random.Next(10) < 3 ? $"SERV-{random.Next(5)}" : "";
                writer.Write(string.Join(';',
                    $"agent{user:D7}", user % 2 == 0 ? "Mme" : "M.", $"NOM{user}", $"Prenom{user % 997}", $"agent{user}@collectivite.fr",
                    $"{user % 200} rue de la Mairie", "", (10000 + user % 85000).ToString(CultureInfo.InvariantCulture), $"Ville{user % 5000}", "FR",
                    inactive ? "INACTIF" : "ACTIF", "SIRET", Siret(structure), $"COLLECTIVITE {structure}", role, services,
                    "2024-01-01", ""));
                writer.Write('\n');
                written++;
            }
        }
    }

    private static string TwoServices(Random random)
    {
        var a = random.Next(5);
        var b = (a + 1 + random.Next(4)) % 5;
        return $"SERV-{a},SERV-{b}";
    }

    /// <summary>A 13-digit base completed by its Luhn key (never La Poste's SIREN).</summary>
    public static string Siret(int n)
    {
        var body = (21_000_000_000_00L + n).ToString("D13", CultureInfo.InvariantCulture);
        for (var key = 0; ; key++)
        {
            if (StructureIdentifier.PassesLuhn(body + key))
            {
                return body + key;
            }
        }
    }
}

/// <summary>The kind of extract <see cref="ExtractGenerator"/> writes.</summary>
public enum ExtractShape
{
    /// <summary>The import targets' extract (docs/PERFORMANCE.md).</summary>
    Standard,

    /// <summary>Users on one to three structures, two services on 40 % of the records, one structure per 40 records (issue 15).</summary>
    Heavy,
}
