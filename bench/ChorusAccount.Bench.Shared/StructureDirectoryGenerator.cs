using System.Text;
using ChorusAccount.Core.Structures;

namespace ChorusAccount.Bench.Shared;

/// <summary>
/// A made-up but plausible directory of public structures with their services, every SIRET passing Luhn.
/// The same seed gives the same directory: the demo CSV is regenerated identically.
/// </summary>
public sealed class StructureDirectoryGenerator(int seed)
{
    private static readonly (string City, string PostalCode)[] _cities =
    [
        ("Orléans", "45000"), ("Orléans", "45100"), ("Chécy", "45430"), ("Saint-Jean-de-Braye", "45800"), ("Olivet", "45160"),
        ("Fleury-les-Aubrais", "45400"), ("Montargis", "45200"), ("Pithiviers", "45300"), ("Gien", "45500"), ("Blois", "41000"),
        ("Tours", "37000"), ("Chartres", "28000"), ("Bourges", "18000"), ("Châteauroux", "36000"), ("Nevers", "58000"),
        ("Auxerre", "89000"), ("Le Mans", "72000"), ("Angers", "49000"), ("Nantes", "44000"), ("Rennes", "35000"),
        ("Lyon", "69001"), ("Besançon", "25000"), ("Dijon", "21000"), ("Épinal", "88000"), ("Évreux", "27000"),
        ("Périgueux", "24000"), ("Agen", "47000"), ("Pau", "64000"), ("Nîmes", "30000"), ("Aurillac", "15000"),
    ];

    private static readonly string[] _kinds =
    [
        "COMMUNE DE {0}", "CENTRE COMMUNAL D'ACTION SOCIALE DE {0}", "SYNDICAT INTERCOMMUNAL DES EAUX DE {0}", "CENTRE HOSPITALIER DE {0}",
        "EHPAD LES TILLEULS DE {0}", "COLLÈGE JEAN MOULIN DE {0}", "LYCÉE GÉNÉRAL DE {0}", "OFFICE DE TOURISME DE {0}",
        "CAISSE DES ÉCOLES DE {0}", "SYNDICAT MIXTE DE TRANSPORT DE {0}", "RÉGIE DES EAUX DE {0}", "MÉDIATHÈQUE MUNICIPALE DE {0}",
    ];

    private static readonly (string Code, string Label)[] _services =
    [
        ("SERV-FIN", "Service des finances"), ("SERV-TECH", "Services techniques"), ("SERV-RH", "Ressources humaines"),
        ("SERV-ACHAT", "Commande publique"), ("SERV-SOCIAL", "Action sociale"), ("SERV-ECOLE", "Affaires scolaires"),
        ("SERV-SPORT", "Sports et loisirs"), ("SERV-CULT", "Culture"), ("SERV-URBA", "Urbanisme"), ("SERV-ETAT", "État civil"),
        ("SERV-DSI", "Systèmes d'information"), ("SERV-COM", "Communication"),
    ];

    private static readonly string[] _streets = ["place de la Mairie", "rue de la République", "avenue Jean Jaurès", "rue Nationale", "boulevard Victor Hugo", "rue des Écoles"];

    /// <summary>The structures of the demo MADRHAS extract, with their real addresses and service labels.</summary>
    public static readonly string[] DemoAnchors =
    [
        "SIRET;21450234500017;COMMUNE D'EXEMPLE;Mairie d'Exemple;;;1 place de la Mairie;45000;Orléans;SERV-FIN:Service des finances|SERV-TECH:Services techniques|SERV-RH:Ressources humaines",
        "SIRET;26450123000017;CENTRE COMMUNAL D'ACTION SOCIALE D'EXEMPLE;CCAS d'Exemple;;;5 rue de la Solidarité;45000;Orléans;SERV-ACCUEIL:Accueil du public|SERV-SOCIAL:Aides sociales|SERV-SENIORS:Service seniors|SERV-LOGEMENT:Logement",
        "SIRET;20004512800010;COMMUNAUTÉ DE COMMUNES DU VAL D'EXEMPLE;CC du Val d'Exemple;;;Maison de la Communauté;45430;Chécy;SERV-DECHETS:Gestion des déchets|SERV-EAU:Eau et assainissement",
        "PARTICULIER;P-2024-000123;DUPONT Marie;;DUPONT;Marie;3 rue des Lilas;45000;Orléans;",
    ];

    public IEnumerable<string> Lines(int count)
    {
        var random = new Random(seed);
        var identifiers = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var (city, postalCode) = _cities[random.Next(_cities.Length)];
            var name = string.Format(System.Globalization.CultureInfo.InvariantCulture, _kinds[random.Next(_kinds.Length)], city.ToUpperInvariant());
            // Several bodies of one kind per city: a distinct suffix keeps the names apart.
            name = $"{name} {i:000000}";
            string siret;
            do
            {
                siret = Siret(random);
            }
            while (!identifiers.Add(siret));

            var services = _services.OrderBy(_ => random.Next()).Take(random.Next(1, 6)).Select(s => $"{s.Code}:{s.Label}");
            var line = new StringBuilder()
                .Append("SIRET;").Append(siret).Append(';').Append(name).Append(';')
                .Append("Services de ").Append(city).Append(";;;")
                .Append(random.Next(1, 120)).Append(' ').Append(_streets[random.Next(_streets.Length)]).Append(';')
                .Append(postalCode).Append(';').Append(city).Append(';')
                .AppendJoin('|', services);
            yield return line.ToString();
        }
    }

    /// <summary>A 14-digit SIRET (public-sector SIREN starting with 2) whose last digit makes the Luhn sum a multiple of 10.</summary>
    private static string Siret(Random random)
    {
        var body = "2" + random.NextInt64(0, 100_000_000_000_0).ToString("D13", System.Globalization.CultureInfo.InvariantCulture)[..12];
        for (var check = 0; check < 10; check++)
        {
            var candidate = body + (char)('0' + check);
            if (StructureIdentifier.PassesLuhn(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("A Luhn check digit always exists.");
    }
}
