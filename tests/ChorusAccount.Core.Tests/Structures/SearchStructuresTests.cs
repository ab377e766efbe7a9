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
        Assert.Equal((2, 1, 1), (result.Total, result.Page, result.PageCount));
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

        Assert.Equal((12, 2, 2), (second.Total, second.Page, second.PageCount));
        Assert.Equal(["MAIRIE ANNEXE 10", "MAIRIE ANNEXE 11"], second.Rows.Select(r => r.CompanyName));
    }
}
