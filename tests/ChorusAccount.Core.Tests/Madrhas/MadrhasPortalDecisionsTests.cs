using ChorusAccount.Core.Madrhas;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Tests.Madrhas;

/// <summary>
/// The import applies what MADRHAS changed, not the whole extract again (ADR-015): a record identical to the one last
/// applied leaves the membership as the portal has it; a changed record is applied and shows in the user's history.
/// </summary>
public sealed class MadrhasPortalDecisionsTests : IDisposable
{
    private static readonly FixedTimeProvider _clock = new(new DateTimeOffset(2025, 3, 10, 9, 0, 0, TimeSpan.Zero));
    private static readonly DateOnly _today = new(2025, 3, 10);

    private static readonly string _mairie = Extract.Line();
    private static readonly string _ccas = Extract.Line(structure: Extract.CcasSiret, raisonSociale: "CCAS D'EXEMPLE", role: "UTILISATEUR", services: "SERV-ACCUEIL", debut: "2024-03-01");
    private static readonly string _jean = Jean("GESTIONNAIRE_SECONDAIRE");

    private readonly SqliteTestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private static string Jean(string role, string services = "") =>
        Extract.Line(identifiant: "jmartin", civilite: "M.", nom: "MARTIN", prenom: "Jean", email: "jean.martin@mairie-exemple.fr", role: role, services: services);

    private async Task<MadrhasImportReport> ImportAsync(bool full, params string[] records)
    {
        await using var db = _database.CreateContext();
        return await Import.RunAsync(db, _clock, Extract.Of(records), new MadrhasImportOptions { Full = full });
    }

    private async Task<Membership> MembershipAsync(string login, string siret)
    {
        await using var db = _database.CreateContext();
        return await db.Memberships.Include(m => m.Services).ThenInclude(s => s.ServiceUnit)
            .Where(m => m.User!.Login == login && m.Structure!.Identifier == siret)
            .OrderBy(m => m.Status == MembershipStatus.Active ? 0 : 1).FirstAsync();
    }

    private async Task<int> CountAsync(string login, string siret)
    {
        await using var db = _database.CreateContext();
        return await db.Memberships.CountAsync(m => m.User!.Login == login && m.Structure!.Identifier == siret);
    }

    // Pauline ends her CCAS membership and hands COMMUNE D'EXEMPLE over to Jean, through the portal's own use case.
    private async Task PaulineDecidesAsync()
    {
        var commune = await MembershipAsync("pdufour", Extract.MairieSiret);
        var ccas = await MembershipAsync("pdufour", Extract.CcasSiret);
        var jean = await MembershipAsync("jmartin", Extract.MairieSiret);
        await using var db = _database.CreateContext();
        var result = await new DeleteMemberships(db, _clock)
            .ExecuteAsync(commune.UserId, "pdufour", [commune.Id, ccas.Id], new Dictionary<Guid, Guid> { [commune.Id] = jean.UserId }, CancellationToken.None);
        Assert.Equal(DeleteMembershipsOutcome.Deleted, result.Outcome);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Same_extract_again_keeps_the_deletion_and_the_handover(bool full)
    {
        await ImportAsync(full, _mairie, _ccas, _jean);
        await PaulineDecidesAsync();

        var report = await ImportAsync(full, _mairie, _ccas, _jean);

        Assert.False(report.HasChanges, report.ToString());
        Assert.Empty(report.RejectedRecords);
        Assert.Equal(MembershipStatus.Ended, (await MembershipAsync("pdufour", Extract.CcasSiret)).Status);
        Assert.Equal(1, await CountAsync("pdufour", Extract.CcasSiret));
        Assert.Equal(MembershipRole.PrimaryManager, (await MembershipAsync("jmartin", Extract.MairieSiret)).Role);
        // Handing over keeps Pauline at COMMUNE D'EXEMPLE as a member.
        var commune = await MembershipAsync("pdufour", Extract.MairieSiret);
        Assert.Equal((MembershipStatus.Active, MembershipRole.Member), (commune.Status, commune.Role));
    }

    [Fact]
    public async Task Same_record_keeps_the_role_handed_over_to_a_member_who_stays()
    {
        await ImportAsync(false, _mairie, _jean);
        var pauline = await MembershipAsync("pdufour", Extract.MairieSiret);
        var jean = await MembershipAsync("jmartin", Extract.MairieSiret);
        await using (var db = _database.CreateContext())
        {
            // A handover that keeps Pauline as a member: the portal's decision, both memberships still active.
            await db.Memberships.Where(m => m.Id == pauline.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, MembershipRole.Member));
            await db.Memberships.Where(m => m.Id == jean.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, MembershipRole.PrimaryManager));
        }

        var report = await ImportAsync(true, _mairie, _jean);

        Assert.False(report.HasChanges, report.ToString());
        Assert.Equal(MembershipRole.Member, (await MembershipAsync("pdufour", Extract.MairieSiret)).Role);
        Assert.Equal(MembershipRole.PrimaryManager, (await MembershipAsync("jmartin", Extract.MairieSiret)).Role);
    }

    [Fact]
    public async Task Same_record_keeps_services_changed_in_the_portal()
    {
        await ImportAsync(false, _mairie, _jean);
        var jean = await MembershipAsync("jmartin", Extract.MairieSiret);
        await using (var db = _database.CreateContext())
        {
            var unit = new ChorusAccount.Core.Structures.ServiceUnit { StructureId = jean.StructureId, Code = "SERV-FIN", Label = "Finances" };
            db.ServiceUnits.Add(unit);
            db.MembershipServices.Add(new MembershipService { MembershipId = jean.Id, ServiceUnitId = unit.Id });
            await db.SaveChangesAsync();
            await db.Memberships.Where(m => m.Id == jean.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.WholeStructure, false));
        }

        var report = await ImportAsync(false, _mairie, _jean);

        Assert.False(report.HasChanges, report.ToString());
        var after = await MembershipAsync("jmartin", Extract.MairieSiret);
        Assert.False(after.WholeStructure);
        Assert.Equal(["SERV-FIN"], after.Services.Select(s => s.ServiceUnit!.Code));
    }

    [Fact]
    public async Task Changed_record_is_applied_and_written_in_the_history()
    {
        await ImportAsync(false, _mairie, _jean);

        var report = await ImportAsync(false, _mairie, Jean("UTILISATEUR", "SERV-FIN,SERV-TECH"));

        Assert.Equal(1, report.MembershipsUpdated);
        var jean = await MembershipAsync("jmartin", Extract.MairieSiret);
        Assert.Equal(MembershipRole.Member, jean.Role);
        Assert.Equal(["SERV-FIN", "SERV-TECH"], jean.Services.Select(s => s.ServiceUnit!.Code).Order());
        await using var db = _database.CreateContext();
        var entry = await db.AuditEntries.SingleAsync(a => a.UserId == jean.UserId);
        Assert.Equal(("MADRHAS", MadrhasImporter.ChangedAction), (entry.Actor, entry.Action));
        Assert.Equal(
            [
                new("Structure", "COMMUNE D'EXEMPLE", "COMMUNE D'EXEMPLE"),
                new("Role", nameof(MembershipRole.SecondaryManager), nameof(MembershipRole.Member)),
                new ChorusAccount.Core.Auditing.FieldChange("Service", null, "SERV-FIN, SERV-TECH"),
            ],
            entry.Changes);
        Assert.False((await ImportAsync(false, _mairie, Jean("UTILISATEUR", "SERV-FIN,SERV-TECH"))).HasChanges);
    }

    [Fact]
    public async Task Changed_record_applies_its_services_but_leaves_a_role_handed_over_in_the_portal()
    {
        await ImportAsync(false, _mairie, _ccas, _jean);
        await using (var db = _database.CreateContext())
        {
            var pauline = await MembershipAsync("pdufour", Extract.MairieSiret);
            var jean = await MembershipAsync("jmartin", Extract.MairieSiret);
            await db.Memberships.Where(m => m.Id == pauline.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, MembershipRole.Member));
            await db.Memberships.Where(m => m.Id == jean.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, MembershipRole.PrimaryManager));
        }

        // MADRHAS still says GESTIONNAIRE_PRINCIPAL, as last time: only the services changed.
        var report = await ImportAsync(false, Extract.Line(services: "SERV-FIN"), _ccas, _jean);

        Assert.Empty(report.RejectedRecords);
        var commune = await MembershipAsync("pdufour", Extract.MairieSiret);
        Assert.Equal((MembershipRole.Member, false), (commune.Role, commune.WholeStructure));
        Assert.Equal(MembershipRole.PrimaryManager, (await MembershipAsync("jmartin", Extract.MairieSiret)).Role);
    }

    [Fact]
    public async Task Changed_record_naming_a_new_primary_manager_does_not_displace_one_designated_in_the_portal()
    {
        await ImportAsync(false, _mairie, _jean, Extract.Line(identifiant: "clefebvre", nom: "LEFEBVRE", prenom: "Chloé", email: "chloe.lefebvre@mairie-exemple.fr", role: "UTILISATEUR"));
        await PaulineDecidesForCommuneAsync();

        // Chloé's record now names her primary manager; Jean was designated in the portal (his record says secondary).
        var report = await ImportAsync(false, _jean,
            Extract.Line(identifiant: "clefebvre", nom: "LEFEBVRE", prenom: "Chloé", email: "chloe.lefebvre@mairie-exemple.fr"));

        Assert.Equal("Gestionnaire principal en double : la structure 21450234500017 a déjà pour gestionnaire principal jmartin, nommé dans le portail",
            Assert.Single(report.RejectedRecords).Reason);
        Assert.Equal(MembershipRole.PrimaryManager, (await MembershipAsync("jmartin", Extract.MairieSiret)).Role);
    }

    private async Task PaulineDecidesForCommuneAsync()
    {
        var commune = await MembershipAsync("pdufour", Extract.MairieSiret);
        var jean = await MembershipAsync("jmartin", Extract.MairieSiret);
        await using var db = _database.CreateContext();
        var result = await new DeleteMemberships(db, _clock)
            .ExecuteAsync(commune.UserId, "pdufour", [commune.Id], new Dictionary<Guid, Guid> { [commune.Id] = jean.UserId }, CancellationToken.None);
        Assert.Equal(DeleteMembershipsOutcome.Deleted, result.Outcome);
    }

    [Fact]
    public async Task Changed_record_does_not_reopen_a_membership_its_user_ended()
    {
        await ImportAsync(false, _mairie, _ccas, _jean);
        await PaulineDecidesAsync();

        var changed = Extract.Line(structure: Extract.CcasSiret, raisonSociale: "CCAS D'EXEMPLE", role: "UTILISATEUR", services: "SERV-ACCUEIL,SERV-SOCIAL", debut: "2024-03-01");
        var report = await ImportAsync(true, _mairie, changed, _jean);

        Assert.False(report.HasChanges, report.ToString());
        Assert.Equal(1, await CountAsync("pdufour", Extract.CcasSiret));
        Assert.Equal(MembershipStatus.Ended, (await MembershipAsync("pdufour", Extract.CcasSiret)).Status);
        // The new record is kept: the same one next night is known.
        Assert.False((await ImportAsync(true, _mairie, changed, _jean)).HasChanges);
    }

    [Fact]
    public async Task Changed_record_for_a_period_starting_after_the_ending_reopens_the_membership()
    {
        await ImportAsync(false, _mairie, _ccas, _jean);
        await PaulineDecidesAsync();

        var report = await ImportAsync(false, _mairie,
            Extract.Line(structure: Extract.CcasSiret, raisonSociale: "CCAS D'EXEMPLE", role: "UTILISATEUR", services: "SERV-ACCUEIL", debut: "2025-04-01"), _jean);

        Assert.Equal(1, report.MembershipsCreated);
        var reopened = await MembershipAsync("pdufour", Extract.CcasSiret);
        Assert.Equal((MembershipStatus.Active, new DateOnly(2025, 4, 1)), (reopened.Status, reopened.StartDate));
        Assert.Equal(2, await CountAsync("pdufour", Extract.CcasSiret));
    }

    [Fact]
    public async Task Full_extract_ends_a_membership_no_longer_listed_and_creates_it_again_when_listed_again()
    {
        await ImportAsync(true, _mairie, _ccas, _jean);

        var report = await ImportAsync(true, _mairie, _jean);

        Assert.Equal(1, report.MembershipsEnded);
        var ended = await MembershipAsync("pdufour", Extract.CcasSiret);
        Assert.Equal((MembershipStatus.Ended, _today, (long?)null), (ended.Status, ended.EndDate!.Value, ended.MadrhasRecordHash));

        // Ended by the referential, not by its user: the same record listed again is a new membership.
        Assert.Equal(1, (await ImportAsync(true, _mairie, _ccas, _jean)).MembershipsCreated);
        Assert.Equal(MembershipStatus.Active, (await MembershipAsync("pdufour", Extract.CcasSiret)).Status);
    }

    [Fact]
    public async Task Full_extract_forgets_the_record_of_a_membership_its_user_ended_once_no_longer_listed()
    {
        await ImportAsync(true, _mairie, _ccas, _jean);
        await PaulineDecidesAsync();

        await ImportAsync(true, _jean);
        Assert.Null((await MembershipAsync("pdufour", Extract.CcasSiret)).MadrhasRecordHash);

        await ImportAsync(true, _mairie, _ccas, _jean);
        Assert.Equal(2, await CountAsync("pdufour", Extract.CcasSiret));
        Assert.Equal(MembershipStatus.Active, (await MembershipAsync("pdufour", Extract.CcasSiret)).Status);
    }
}
