using ChorusAccount.Core.Structures;
using ChorusAccount.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Tests.Structures;

/// <summary>The portal's demo structure directory (src/ChorusAccount.Web/DemoData), linked into the test output.</summary>
public sealed class StructureDemoDirectoryTests : IDisposable
{
    private readonly SqliteTestDatabase _database = new();
    private readonly FixedTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero));

    public void Dispose() => _database.Dispose();

    private async Task<StructureDirectoryReport> LoadDemoAsync()
    {
        using var reader = new StreamReader(Path.Combine(AppContext.BaseDirectory, "DemoData", "structures-demo.csv"));
        await using var db = _database.CreateContext();
        return await new StructureDirectoryLoader(db, _clock).LoadAsync(reader, CancellationToken.None);
    }

    [Fact]
    public async Task Demo_directory_loads_its_304_structures_and_942_services_without_rejected_lines()
    {
        var report = await LoadDemoAsync();

        Assert.Empty(report.Rejections);
        Assert.Equal((304, 0, 942), (report.Created, report.Updated, report.ServicesCreated));
        await using var db = _database.CreateContext();
        Assert.Equal(304, await db.Structures.CountAsync());
        Assert.Equal(942, await db.ServiceUnits.CountAsync());
    }

    [Fact]
    public async Task Every_siret_of_the_demo_directory_passes_its_check()
    {
        await LoadDemoAsync();

        await using var db = _database.CreateContext();
        var sirets = await db.Structures.Where(s => s.IdentifierType == StructureIdentifierType.Siret).Select(s => s.Identifier).ToListAsync();
        Assert.Equal(303, sirets.Count);
        Assert.All(sirets, s => Assert.Equal(SiretCheck.Valid, StructureIdentifier.CheckSiret(s)));
    }

    [Fact]
    public async Task Every_demo_structure_but_the_private_person_has_services_and_the_CCAS_has_the_guide_s_four()
    {
        await LoadDemoAsync();

        await using var db = _database.CreateContext();
        var withoutServices = await db.Structures.Where(s => !s.Services.Any()).Select(s => s.Identifier).ToListAsync();
        Assert.Equal(["P-2024-000123"], withoutServices);
        var ccas = await db.Structures.Include(s => s.Services).SingleAsync(s => s.Identifier == "26450123000017");
        Assert.Equal("CENTRE COMMUNAL D'ACTION SOCIALE D'EXEMPLE", ccas.CompanyName);
        Assert.Equal(
            ["SERV-ACCUEIL:Accueil du public", "SERV-LOGEMENT:Logement", "SERV-SENIORS:Service seniors", "SERV-SOCIAL:Aides sociales"],
            ccas.Services.Select(s => $"{s.Code}:{s.Label}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Loading_the_demo_directory_twice_creates_nothing_more()
    {
        await LoadDemoAsync();

        var second = await LoadDemoAsync();

        Assert.Empty(second.Rejections);
        Assert.Equal((0, 304, 0), (second.Created, second.Updated, second.ServicesCreated));
    }
}
