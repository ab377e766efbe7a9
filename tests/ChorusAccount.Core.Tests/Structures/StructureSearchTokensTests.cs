using ChorusAccount.Core.Madrhas;
using ChorusAccount.Core.Structures;
using ChorusAccount.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Tests.Structures;

/// <summary>The search tokens stay true whoever writes a structure: the directory loader, the MADRHAS import, a start-up fill.</summary>
public sealed class StructureSearchTokensTests : IDisposable
{
    private const string Header = StructureDirectoryLoader.Header;
    private const string Mairie = "SIRET;21450234500017;COMMUNE D'EXEMPLE;Mairie d'Exemple;;;1 place de la Mairie;45000;Orléans;SERV-FIN:Service des finances";

    private readonly SqliteTestDatabase _database = new();
    private readonly FixedTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero));

    public void Dispose() => _database.Dispose();

    [Theory]
    [InlineData("Orléans", "orleans")]
    [InlineData("COMMUNE D'EXEMPLE", "commune d exemple")]
    [InlineData("CCAS d’Exemple", "ccas d exemple")]
    [InlineData("Saint-Jean-de-Braye", "saint jean de braye")]
    [InlineData("Île-de-France, île", "ile de france")]
    [InlineData("  Œuvre n°12 ", "œuvre n 12")]
    [InlineData(" - ' ", "")]
    [InlineData(null, "")]
    public void Words_are_folded_split_on_anything_but_letters_and_digits_and_given_once(string? text, string expected) =>
        Assert.Equal(expected, string.Join(' ', StructureSearchTokens.Words(text)));

    [Theory]
    [InlineData("orl", "orm")]
    [InlineData("a", "b")]
    [InlineData("z", "{")]
    [InlineData("45", "46")]
    public void A_prefix_range_ends_just_above_every_word_it_begins(string prefix, string end)
    {
        Assert.Equal(end, StructureSearchTokens.PrefixEnd(prefix));
        Assert.True(string.CompareOrdinal(prefix + "zzzz", end) < 0);
    }

    private async Task LoadAsync(params string[] lines)
    {
        await using var db = _database.CreateContext();
        var report = await new StructureDirectoryLoader(db, _clock).LoadAsync(new StringReader(string.Join('\n', [Header, .. lines])), CancellationToken.None);
        Assert.Empty(report.Rejections);
    }

    private async Task<List<string>> TokensAsync(string identifier)
    {
        await using var db = _database.CreateContext();
        return await db.StructureSearchTokens
            .Where(t => db.Structures.Any(s => s.Id == t.StructureId && s.Identifier == identifier))
            .OrderBy(t => t.Field).ThenBy(t => t.Token)
            .Select(t => $"{t.Field}:{t.Token}:{t.CompanyName}")
            .ToListAsync();
    }

    private async Task<StructureSearchPage> SearchAsync(StructureSearchCriteria criteria)
    {
        await using var db = _database.CreateContext();
        return await new SearchStructures(db).ExecuteAsync(criteria, 1, CancellationToken.None);
    }

    [Fact]
    public async Task The_directory_loader_writes_the_words_of_each_field_the_postal_code_and_the_type()
    {
        await LoadAsync(Mairie);

        const string Name = "COMMUNE D'EXEMPLE";
        Assert.Equal(
            [$"CompanyName:commune:{Name}", $"CompanyName:d:{Name}", $"CompanyName:exemple:{Name}", $"Label:d:{Name}", $"Label:exemple:{Name}",
                $"Label:mairie:{Name}", $"City:orleans:{Name}", $"PostalCode:45000:{Name}", $"IdentifierType:SIRET:{Name}"],
            await TokensAsync("21450234500017"));
    }

    [Fact]
    public async Task Loading_the_same_directory_again_keeps_the_same_tokens()
    {
        await LoadAsync(Mairie);
        var first = await TokensAsync("21450234500017");

        await LoadAsync(Mairie);

        Assert.Equal(first, await TokensAsync("21450234500017"));
    }

    [Fact]
    public async Task A_structure_renamed_by_the_directory_is_found_by_its_new_words_only()
    {
        await LoadAsync(Mairie, "SIRET;26450123000017;CCAS D'EXEMPLE;;;;;45000;Orléans;");

        await LoadAsync(Mairie.Replace("COMMUNE D'EXEMPLE", "VILLE NOUVELLE", StringComparison.Ordinal).Replace("Orléans", "Chécy", StringComparison.Ordinal));

        Assert.Equal(0, (await SearchAsync(new StructureSearchCriteria(CompanyName: "commune"))).Total);
        Assert.Equal(["CCAS D'EXEMPLE"], (await SearchAsync(new StructureSearchCriteria(City: "orleans", CompanyName: "exemple"))).Rows.Select(r => r.CompanyName));
        Assert.Equal("VILLE NOUVELLE", Assert.Single((await SearchAsync(new StructureSearchCriteria(CompanyName: "nouvelle", City: "checy"))).Rows).CompanyName);
        Assert.All(await TokensAsync("21450234500017"), t => Assert.EndsWith(":VILLE NOUVELLE", t, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_structure_created_by_the_MADRHAS_import_is_found()
    {
        await using (var db = _database.CreateContext())
        {
            var report = await Import.RunAsync(db, _clock, Extract.Of(Extract.Line(structure: Extract.CcasSiret, raisonSociale: "CENTRE COMMUNAL D'ACTION SOCIALE D'EXEMPLE")));
            Assert.Equal(1, report.StructuresCreated);
        }

        var found = await SearchAsync(new StructureSearchCriteria(CompanyName: "action sociale"));

        Assert.Equal("CENTRE COMMUNAL D'ACTION SOCIALE D'EXEMPLE", Assert.Single(found.Rows).CompanyName);
    }

    [Fact]
    public async Task A_MADRHAS_dry_run_leaves_no_token()
    {
        await using (var db = _database.CreateContext())
        {
            await Import.RunAsync(db, _clock, Extract.Of(Extract.Line()), new MadrhasImportOptions(DryRun: true));
        }

        await using var check = _database.CreateContext();
        Assert.Equal(0, await check.StructureSearchTokens.CountAsync());
    }

    [Fact]
    public async Task An_inactive_structure_keeps_no_token_and_is_not_found()
    {
        await LoadAsync(Mairie);
        await using (var db = _database.CreateContext())
        {
            var structure = await db.Structures.SingleAsync();
            structure.IsActive = false;
            var changed = StructureSearchTokens.Pending(db);
            await db.SaveChangesAsync();
            await StructureSearchTokens.RefreshAsync(db, changed, CancellationToken.None);
        }

        Assert.Empty(await TokensAsync("21450234500017"));
        Assert.Equal(0, (await SearchAsync(new StructureSearchCriteria(City: "orleans"))).Total);
    }

    [Fact]
    public async Task Structures_written_before_the_tokens_existed_get_theirs_from_the_start_up_fill()
    {
        await LoadAsync(Mairie);
        await using (var db = _database.CreateContext())
        {
            db.Structures.Add(new Structure { Identifier = "26450123000017", CompanyName = "CCAS D'EXEMPLE", City = "Orléans", CreatedAt = _clock.GetUtcNow().UtcDateTime });
            db.Structures.Add(new Structure { Identifier = "20004512800010", CompanyName = "ANCIENNE STRUCTURE", IsActive = false, CreatedAt = _clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync();
        }

        Assert.Equal(1, (await SearchAsync(new StructureSearchCriteria(City: "orleans"))).Total);
        var mairie = await TokensAsync("21450234500017");

        await using (var db = _database.CreateContext())
        {
            Assert.Equal(1, await StructureSearchTokens.FillMissingAsync(db, CancellationToken.None));
            Assert.Equal(0, await StructureSearchTokens.FillMissingAsync(db, CancellationToken.None));
        }

        Assert.Equal(2, (await SearchAsync(new StructureSearchCriteria(City: "orleans"))).Total);
        Assert.Equal(mairie, await TokensAsync("21450234500017"));
        Assert.Empty(await TokensAsync("20004512800010"));
    }
}
