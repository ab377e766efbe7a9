using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Madrhas;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Structures;
using ChorusAccount.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Tests.Madrhas;

/// <summary>The portal's demo extract (src/ChorusAccount.Web/DemoData), linked into the test output.</summary>
public sealed class MadrhasDemoDataTests
{
    private static FileStream OpenDemo() => File.OpenRead(Path.Combine(AppContext.BaseDirectory, "DemoData", "madrhas-demo.csv"));

    [Fact]
    public async Task Demo_extract_imports_without_rejected_lines()
    {
        using var database = new SqliteTestDatabase();
        await using var stream = OpenDemo();
        await using var db = database.CreateContext();

        var report = await Import.RunAsync(db, new FixedTimeProvider(new DateTimeOffset(2025, 3, 10, 9, 0, 0, TimeSpan.Zero)), stream);

        Assert.Empty(report.RejectedRecords);
        Assert.Equal(10, report.RecordsRead);
        Assert.Equal(9, report.UsersCreated);
        Assert.Equal(3, report.StructuresCreated);
        Assert.Equal(9, report.MembershipsCreated);
    }

    [Fact]
    public async Task Demo_extract_makes_pdufour_primary_manager_of_the_mairie()
    {
        using var database = new SqliteTestDatabase();
        await using (var stream = OpenDemo())
        await using (var loading = database.CreateContext())
        {
            await Import.RunAsync(loading, TimeProvider.System, stream);
        }

        await using var db = database.CreateContext();
        var managers = await db.Memberships
            .Where(m => m.Structure!.Identifier == "21450234500017" && m.Role == MembershipRole.PrimaryManager && m.Status == MembershipStatus.Active)
            .Include(m => m.User)
            .ToListAsync();
        var manager = Assert.Single(managers);
        Assert.Equal("pdufour", manager.User!.Login);
        Assert.Equal("Pauline", manager.User.FirstName);
        Assert.Equal("DUFOUR", manager.User.LastName);
        Assert.True(manager.WholeStructure);
        Assert.Equal(new DateOnly(2024, 1, 1), manager.StartDate);
        Assert.Equal("COMMUNE D'EXEMPLE", (await db.Structures.SingleAsync(s => s.Identifier == "21450234500017")).CompanyName);

        var bleroy = await db.Users.SingleAsync(u => u.Login == "bleroy");
        Assert.Equal(UserStatus.Inactive, bleroy.Status);
        Assert.Empty(await db.Memberships.Where(m => m.User!.Login == "sgirard").ToListAsync());
        var pdufourOnServices = await db.Memberships.Include(m => m.Services).SingleAsync(m => m.User!.Login == "pdufour" && !m.WholeStructure);
        Assert.Equal(MembershipRole.Member, pdufourOnServices.Role);
        Assert.Single(pdufourOnServices.Services);
    }

    [Fact]
    public async Task Every_siret_of_the_demo_extract_passes_its_check()
    {
        await using var stream = OpenDemo();

        var sirets = new List<string>();
        await foreach (var record in MadrhasCsvReader.ReadAsync(stream))
        {
            var line = Assert.IsType<MadrhasValidRecord>(record);
            if (line.Membership is { IdentifierType: StructureIdentifierType.Siret } membership)
            {
                sirets.Add(membership.Identifier);
            }
        }

        Assert.Equal(["20004512800010", "21450234500017", "26450123000017"], sirets.Distinct().Order());
        Assert.All(sirets, s => Assert.Equal(SiretCheck.Valid, StructureIdentifier.CheckSiret(s)));
    }

    [Fact]
    public async Task Demo_identities_are_the_distinct_users_with_their_first_siret()
    {
        await using var stream = OpenDemo();

        var identities = await MadrhasIdentityReader.ReadAsync(stream);

        Assert.Equal(
            ["pdufour", "jmartin", "clefebvre", "tgarnier", "nrousseau", "abernard", "efontaine", "sgirard", "bleroy"],
            identities.Select(i => i.Uid));
        Assert.Equal(new MadrhasIdentity("pdufour", "Pauline", "DUFOUR", "pauline.dufour@mairie-exemple.fr", "21450234500017"), identities[0]);
        Assert.Equal("20004512800010", identities.Single(i => i.Uid == "nrousseau").Siret);
        Assert.Null(identities.Single(i => i.Uid == "sgirard").Siret);
    }
}
