using ChorusAccount.Core.Structures;
using ChorusAccount.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Tests.Structures;

/// <summary>The structure directory as a CSV file: quoting as in RFC 4180, and rejections that name the line an editor shows.</summary>
public sealed class StructureDirectoryLoaderTests : IDisposable
{
    private const string Mairie = "SIRET;21450234500017;COMMUNE D'EXEMPLE;Mairie d'Exemple;;;1 place de la Mairie;45000;Orléans;SERV-FIN:Service des finances";

    private readonly SqliteTestDatabase _database = new();
    private readonly FixedTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero));

    public void Dispose() => _database.Dispose();

    private async Task<StructureDirectoryReport> LoadAsync(string text)
    {
        await using var db = _database.CreateContext();
        return await new StructureDirectoryLoader(db, _clock).LoadAsync(new StringReader(text), CancellationToken.None);
    }

    [Fact]
    public async Task Quoted_fields_may_hold_the_separator_quotes_and_line_breaks()
    {
        var ccas = "SIRET;26450123000017;\"CCAS; « Le \"\"Village\"\" »\";\"Centre\r\nd'action sociale\";;;5 rue de la Solidarité;45000;Orléans;\"SERV-ACCUEIL:Accueil; public\"";

        var report = await LoadAsync(string.Join("\r\n", StructureDirectoryLoader.Header, ccas, Mairie));

        Assert.Empty(report.Rejections);
        Assert.Equal(2, report.Created);
        await using var db = _database.CreateContext();
        var structure = await db.Structures.Include(s => s.Services).SingleAsync(s => s.Identifier == "26450123000017");
        Assert.Equal("CCAS; « Le \"Village\" »", structure.CompanyName);
        Assert.Equal("Centre\r\nd'action sociale", structure.Label);
        Assert.Equal("Accueil; public", Assert.Single(structure.Services).Label);
    }

    [Fact]
    public async Task Rejected_line_is_named_by_the_physical_line_it_starts_on()
    {
        var text = string.Join("\n",
            StructureDirectoryLoader.Header,
            "SIRET;26450123000017;\"CCAS\nD'EXEMPLE\";;;;;;;",
            "",
            "SIRET;21450234500018;COMMUNE D'EXEMPLE;;;;;;;",
            "INCONNU;123;X;;;;;;;",
            "SIRET;21450234500017;trop;peu");

        var report = await LoadAsync(text);

        Assert.Equal(
            [
                "Ligne 5 : SIRET invalide 21450234500018",
                "Ligne 6 : 10 colonnes et un type d'identifiant connu attendus",
                "Ligne 7 : 10 colonnes et un type d'identifiant connu attendus",
            ],
            report.Rejections);
        Assert.Equal(1, report.Created);
    }
}
