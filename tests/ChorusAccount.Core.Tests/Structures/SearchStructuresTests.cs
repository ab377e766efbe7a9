using ChorusAccount.Core.Structures;
using ChorusAccount.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

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

    [Theory]
    [InlineData("orl")]
    [InlineData("Orléans")]
    [InlineData("ORLEANS")]
    [InlineData("  orLÉ ")]
    public async Task A_city_matches_by_word_prefix_whatever_the_case_and_accents(string city)
    {
        var result = await SearchAsync(new StructureSearchCriteria(City: city));

        Assert.Equal(["CCAS D'EXEMPLE", "COMMUNE D'EXEMPLE"], result.Rows.Select(r => r.CompanyName));
    }

    [Fact]
    public async Task A_word_matches_the_start_of_a_word_only()
    {
        var inside = await SearchAsync(new StructureSearchCriteria(City: "leans"));
        var longer = await SearchAsync(new StructureSearchCriteria(City: "orleansx"));

        Assert.Equal(0, inside.Total);
        Assert.Equal(0, longer.Total);
    }

    [Theory]
    [InlineData("communes val")]
    [InlineData("val communaute")]
    [InlineData("COMMUNAUTÉ DE COMMUNES DU VAL")]
    [InlineData("commun du")]
    public async Task Every_word_of_a_criterion_must_begin_a_word_of_the_field_in_any_order(string name)
    {
        var result = await SearchAsync(new StructureSearchCriteria(CompanyName: name));

        Assert.Equal("COMMUNAUTÉ DE COMMUNES DU VAL", Assert.Single(result.Rows).CompanyName);
    }

    [Fact]
    public async Task One_word_that_matches_nothing_empties_the_results()
    {
        var result = await SearchAsync(new StructureSearchCriteria(CompanyName: "communes introuvable"));

        Assert.Equal(0, result.Total);
    }

    [Theory]
    [InlineData("D'EXEMPLE", 2)]
    [InlineData("d’exemple", 2)]
    [InlineData("ccas d'exemple", 1)]
    [InlineData("commune d'ex", 1)]
    public async Task Apostrophes_separate_words(string name, int expected)
    {
        var result = await SearchAsync(new StructureSearchCriteria(CompanyName: name));

        Assert.Equal(expected, result.Total);
    }

    [Theory]
    [InlineData("Saint-Jean")]
    [InlineData("saint jean")]
    [InlineData("SAINT-JEAN-DE-BRAYE")]
    [InlineData("st-jean")]
    public async Task Hyphens_separate_words(string city)
    {
        _world.Structure("COMMUNE DE SAINT-JEAN-DE-BRAYE", "21450284000018", "Saint-Jean-de-Braye");
        _world.Structure("COMMUNE DE SAINT-JEAN-LE-BLANC", "21450298800015", "Saint-Jean-le-Blanc");

        var result = await SearchAsync(new StructureSearchCriteria(City: city));

        var expected = city switch
        {
            "SAINT-JEAN-DE-BRAYE" => ["COMMUNE DE SAINT-JEAN-DE-BRAYE"],
            "st-jean" => Array.Empty<string>(),
            _ => ["COMMUNE DE SAINT-JEAN-DE-BRAYE", "COMMUNE DE SAINT-JEAN-LE-BLANC"],
        };
        Assert.Equal(expected, result.Rows.Select(r => r.CompanyName));
    }

    [Fact]
    public async Task Punctuation_alone_matches_nothing()
    {
        var result = await SearchAsync(new StructureSearchCriteria(CompanyName: " - ' "));

        Assert.Equal((0, 0), (result.Total, result.Rows.Count));
    }

    [Fact]
    public async Task A_criterion_matches_its_own_field_only()
    {
        var byName = await SearchAsync(new StructureSearchCriteria(CompanyName: "orleans"));
        var byCity = await SearchAsync(new StructureSearchCriteria(City: "exemple"));

        Assert.Equal(0, byName.Total);
        Assert.Equal(0, byCity.Total);
    }

    [Fact]
    public async Task Postal_code_and_identifier_type_combine_with_words()
    {
        var particulier = _world.Structure("DUPONT Marie", "P-2024-000123", "Orléans");
        await using (var db = _world.Database.CreateContext())
        {
            await db.Structures.Where(s => s.Id == particulier.Id).ExecuteUpdateAsync(u => u
                .SetProperty(s => s.IdentifierType, StructureIdentifierType.Particulier)
                .SetProperty(s => s.LastName, "DUPONT")
                .SetProperty(s => s.FirstName, "Marie")
                .SetProperty(s => s.PostalCode, "45000"));
            await StructureSearchTokens.RefreshAsync(db, [particulier.Id], CancellationToken.None);
        }

        var byName = await SearchAsync(new StructureSearchCriteria(IdentifierType: StructureIdentifierType.Particulier, LastName: "dup", FirstName: "MARIE"));
        var byPostalCode = await SearchAsync(new StructureSearchCriteria(PostalCode: "45000", City: "orleans"));
        var wrongType = await SearchAsync(new StructureSearchCriteria(IdentifierType: StructureIdentifierType.Autre, LastName: "dupont"));

        Assert.Equal("DUPONT Marie", Assert.Single(byName.Rows).CompanyName);
        Assert.Equal("DUPONT Marie", Assert.Single(byPostalCode.Rows).CompanyName);
        Assert.Equal(0, wrongType.Total);
    }

    [Fact]
    public async Task A_SIRET_finds_its_structure_only()
    {
        var result = await SearchAsync(new StructureSearchCriteria(Identifier: "200 045 128 00010"));

        Assert.Equal("COMMUNAUTÉ DE COMMUNES DU VAL", Assert.Single(result.Rows).CompanyName);
    }

    [Fact]
    public async Task A_SIRET_with_other_criteria_must_match_them_too()
    {
        var matching = await SearchAsync(new StructureSearchCriteria(Identifier: "21450234500017", CompanyName: "commune", City: "orl"));
        var other = await SearchAsync(new StructureSearchCriteria(Identifier: "21450234500017", City: "checy"));

        Assert.Equal("COMMUNE D'EXEMPLE", Assert.Single(matching.Rows).CompanyName);
        Assert.Equal(0, other.Total);
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
                db.Structures.Add(structure);
            }

            var added = StructureSearchTokens.Pending(db);
            await db.SaveChangesAsync();
            await StructureSearchTokens.RefreshAsync(db, added, CancellationToken.None);
        }

        var last = await SearchAsync(new StructureSearchCriteria(CompanyName: "syndicat"), page: 500);

        Assert.Equal((SearchStructures.CountLimit, true, 100, 100), (last.Total, last.MoreThanTotal, last.Page, last.PageCount));
        Assert.Equal("SYNDICAT 0990", last.Rows[0].CompanyName);
    }
}
