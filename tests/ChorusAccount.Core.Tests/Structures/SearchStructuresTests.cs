using ChorusAccount.Core.Structures;
using ChorusAccount.Core.Tests.Support;

namespace ChorusAccount.Core.Tests.Structures;

public sealed class SearchStructuresTests : IDisposable
{
    private readonly MembershipWorld _world = new();

    public SearchStructuresTests()
    {
        _world.Structure("COMMUNE D'EXEMPLE", "21450234500017", "Orléans");
        _world.Structure("CCAS D'EXEMPLE", "26450123000017", "Orléans");
        _world.Structure("COMMUNAUTÉ DE COMMUNES DU VAL", "20004512800010", "Chécy");
    }

    public void Dispose() => _world.Dispose();

    private async Task<StructureSearchPage> SearchAsync(StructureSearchCriteria criteria, int page = 1)
    {
        await using var db = _world.Database.CreateContext();
        return await new SearchStructures(db).ExecuteAsync(criteria, page, CancellationToken.None);
    }

    [Fact]
    public async Task A_city_without_accent_nor_capitals_finds_the_accented_city()
    {
        var result = await SearchAsync(new StructureSearchCriteria(City: "orleans"));

        Assert.Equal(["CCAS D'EXEMPLE", "COMMUNE D'EXEMPLE"], result.Rows.Select(r => r.CompanyName));
        Assert.Equal((2, false, 1, 1), (result.Total, result.MoreThanTotal, result.Page, result.PageCount));
    }

    [Fact]
    public async Task A_SIRET_finds_its_structure_only()
    {
        var result = await SearchAsync(new StructureSearchCriteria(Identifier: "200 045 128 00010"));

        Assert.Equal("COMMUNAUTÉ DE COMMUNES DU VAL", Assert.Single(result.Rows).CompanyName);
    }

    [Fact]
    public async Task Every_criterion_must_match()
    {
        var result = await SearchAsync(new StructureSearchCriteria(CompanyName: "ccas", City: "Chécy"));

        Assert.Empty(result.Rows);
        Assert.Equal(0, result.Total);
    }

    [Fact]
    public async Task Results_are_paged_by_ten()
    {
        for (var i = 0; i < 12; i++)
        {
            _world.Structure($"MAIRIE ANNEXE {i:00}", $"AUTRE{i}", "Orléans");
        }

        var second = await SearchAsync(new StructureSearchCriteria(CompanyName: "annexe"), page: 2);

        Assert.Equal((12, false, 2, 2), (second.Total, second.MoreThanTotal, second.Page, second.PageCount));
        Assert.Equal(["MAIRIE ANNEXE 10", "MAIRIE ANNEXE 11"], second.Rows.Select(r => r.CompanyName));
    }

    [Fact]
    public async Task Counting_stops_at_the_limit_and_says_there_are_more()
    {
        await using (var db = _world.Database.CreateContext())
        {
            for (var i = 0; i <= SearchStructures.CountLimit; i++)
            {
                var structure = new Structure { CompanyName = $"SYNDICAT {i:0000}", Identifier = $"SYND{i}", IdentifierType = StructureIdentifierType.Autre, CreatedAt = _world.Clock.GetUtcNow().UtcDateTime };
                structure.RefreshSearchText();
                db.Structures.Add(structure);
            }

            await db.SaveChangesAsync();
        }

        var last = await SearchAsync(new StructureSearchCriteria(CompanyName: "syndicat"), page: 500);

        Assert.Equal((SearchStructures.CountLimit, true, 100, 100), (last.Total, last.MoreThanTotal, last.Page, last.PageCount));
        Assert.Equal("SYNDICAT 0990", last.Rows[0].CompanyName);
    }
}
