using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Madrhas;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Structures;
using ChorusAccount.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Tests.Madrhas;

public sealed class MadrhasImporterTests : IDisposable
{
    // 10 March 2025, 23:30 UTC: already 11 March in Paris (UTC+1).
    private static readonly DateTimeOffset _now = new(2025, 3, 10, 23, 30, 0, TimeSpan.Zero);
    private static readonly DateOnly _parisToday = new(2025, 3, 11);

    private readonly SqliteTestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private async Task<MadrhasImportReport> ImportAsync(params string[] lines)
    {
        await using var db = _database.CreateContext();
        return await Import.RunAsync(db, new FixedTimeProvider(_now), Extract.Of(lines));
    }

    private async Task SeedAsync(params object[] entities)
    {
        await using var db = _database.CreateContext();
        db.AddRange(entities);
        await db.SaveChangesAsync();
    }

    private static User Pauline(DateTime? profileValidatedAt = null) => new()
    {
        Login = "pdufour",
        Civility = "Mme",
        LastName = "DUFOUR",
        FirstName = "Pauline",
        ContactEmail = "pauline.dufour@mairie-exemple.fr",
        MadrhasEmail = "pauline.dufour@mairie-exemple.fr",
        Address = new PostalAddress { Line1 = "1 place de la Mairie", PostalCode = "45000", City = "Orléans" },
        ProfileValidatedAt = profileValidatedAt,
        CreatedAt = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        UpdatedAt = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc),
    };

    private static readonly string[] _threeLines =
    [
        Extract.Line(),
        Extract.Line(identifiant: "tgarnier", civilite: "M.", nom: "GARNIER", prenom: "Théo", email: "theo.garnier@mairie-exemple.fr",
            role: "UTILISATEUR", services: "SERV-FIN,SERV-TECH", debut: "", fin: "2026-12-31"),
        Extract.NoStructure(),
    ];

    [Fact]
    public async Task Extract_creates_users_structures_services_and_memberships()
    {
        var report = await ImportAsync(_threeLines);

        Assert.Empty(report.RejectedRecords);
        Assert.False(report.FileRejected);
        Assert.Equal(3, report.RecordsRead);
        Assert.Equal(3, report.UsersCreated);
        Assert.Equal(0, report.UsersUpdated);
        Assert.Equal(1, report.StructuresCreated);
        Assert.Equal(2, report.ServicesCreated);
        Assert.Equal(2, report.MembershipsCreated);

        await using var db = _database.CreateContext();
        var pauline = await db.Users.SingleAsync(u => u.Login == "pdufour");
        Assert.Equal("Mme", pauline.Civility);
        Assert.Equal("DUFOUR", pauline.LastName);
        Assert.Equal("Pauline", pauline.FirstName);
        Assert.Equal("pauline.dufour@mairie-exemple.fr", pauline.ContactEmail);
        Assert.Equal("pauline.dufour@mairie-exemple.fr", pauline.MadrhasEmail);
        Assert.Equal("1 place de la Mairie", pauline.Address.Line1);
        Assert.Equal("45000", pauline.Address.PostalCode);
        Assert.Equal("Orléans", pauline.Address.City);
        Assert.Equal("FR", pauline.Address.Country);
        Assert.Null(pauline.ProfileValidatedAt);
        Assert.Equal(UserStatus.Active, pauline.Status);
        Assert.Equal(_now.UtcDateTime, pauline.CreatedAt);

        var structure = await db.Structures.Include(s => s.Services).SingleAsync();
        Assert.Equal(StructureIdentifierType.Siret, structure.IdentifierType);
        Assert.Equal("21450234500017", structure.Identifier);
        Assert.Equal("COMMUNE D'EXEMPLE", structure.CompanyName);
        Assert.Equal(["SERV-FIN", "SERV-TECH"], structure.Services.Select(s => s.Code).Order());
        Assert.All(structure.Services, s => Assert.Equal(s.Code, s.Label));

        var manager = await db.Memberships.Include(m => m.Services).SingleAsync(m => m.User!.Login == "pdufour");
        Assert.Equal(structure.Id, manager.StructureId);
        Assert.Equal(MembershipRole.PrimaryManager, manager.Role);
        Assert.Equal(MembershipStatus.Active, manager.Status);
        Assert.Equal(MembershipOrigin.Madrhas, manager.Origin);
        Assert.True(manager.WholeStructure);
        Assert.Empty(manager.Services);
        Assert.Equal(new DateOnly(2024, 1, 1), manager.StartDate);
        Assert.Null(manager.EndDate);

        var theo = await db.Memberships.Include(m => m.Services).ThenInclude(s => s.ServiceUnit).SingleAsync(m => m.User!.Login == "tgarnier");
        Assert.Equal(MembershipRole.Member, theo.Role);
        Assert.False(theo.WholeStructure);
        Assert.Equal(["SERV-FIN", "SERV-TECH"], theo.Services.Select(s => s.ServiceUnit!.Code).Order());
        Assert.Equal(new DateOnly(2026, 12, 31), theo.EndDate);

        Assert.Empty(await db.Memberships.Where(m => m.User!.Login == "sgirard").ToListAsync());
    }

    [Fact]
    public async Task Membership_without_date_debut_starts_on_the_import_date_in_Paris()
    {
        await ImportAsync(Extract.Line(debut: ""));

        await using var db = _database.CreateContext();
        Assert.Equal(_parisToday, (await db.Memberships.SingleAsync()).StartDate);
    }

    [Fact]
    public async Task Second_run_of_the_same_extract_changes_nothing()
    {
        string[] lines = [.. _threeLines, Extract.Line(identifiant: "bleroy", civilite: "M.", nom: "LEROY", prenom: "Bernard",
            email: "bernard.leroy@mairie-exemple.fr", statut: "INACTIF", role: "UTILISATEUR")];
        await ImportAsync(lines);
        var before = await SnapshotAsync();

        var report = await ImportAsync(lines);

        Assert.Equal(4, report.RecordsRead);
        Assert.Empty(report.RejectedRecords);
        Assert.False(report.HasChanges);
        Assert.Equal(
            (0, 0, 0, 0, 0, 0, 0),
            (report.UsersCreated, report.UsersUpdated, report.UsersDeactivated, report.UsersReactivated,
                report.StructuresCreated, report.ServicesCreated, report.MembershipsCreated));
        Assert.Equal(before, await SnapshotAsync());
    }

    // Row counts plus the users' version tokens and stamps: any rewrite of a user would renew its Version.
    private async Task<string> SnapshotAsync()
    {
        await using var db = _database.CreateContext();
        var users = await db.Users.OrderBy(u => u.Login).Select(u => $"{u.Login}:{u.Version}:{u.SecurityStamp}:{u.Status}:{u.UpdatedAt:O}").ToListAsync();
        return string.Join('|', [
            .. users,
            $"structures={await db.Structures.CountAsync()}",
            $"services={await db.ServiceUnits.CountAsync()}",
            $"memberships={await db.Memberships.CountAsync()}",
            $"membershipServices={await db.MembershipServices.CountAsync()}",
        ]);
    }

    [Fact]
    public async Task Validated_profile_is_not_overwritten_but_its_madrhas_email_follows_the_extract()
    {
        var validatedAt = new DateTime(2024, 2, 1, 9, 0, 0, DateTimeKind.Utc);
        var pauline = Pauline(validatedAt);
        pauline.LastName = "DUFOUR-MARTIN";
        pauline.ContactEmail = "p.dufour@mairie-exemple.fr";
        pauline.Address.City = "Olivet";
        pauline.Address.PostalCode = "45160";
        pauline.MadrhasEmail = "pauline.dufour@ancienne-mairie.fr";
        await SeedAsync(pauline);

        var report = await ImportAsync(Extract.Line());

        Assert.Equal(0, report.UsersCreated);
        Assert.Equal(1, report.UsersUpdated);
        await using var db = _database.CreateContext();
        var user = await db.Users.SingleAsync();
        Assert.Equal("DUFOUR-MARTIN", user.LastName);
        Assert.Equal("p.dufour@mairie-exemple.fr", user.ContactEmail);
        Assert.Equal("Olivet", user.Address.City);
        Assert.Equal("45160", user.Address.PostalCode);
        Assert.Equal(validatedAt, user.ProfileValidatedAt);
        Assert.Equal("pauline.dufour@mairie-exemple.fr", user.MadrhasEmail);
    }

    [Fact]
    public async Task Validated_profile_with_the_same_madrhas_email_is_not_updated()
    {
        var pauline = Pauline(new DateTime(2024, 2, 1, 9, 0, 0, DateTimeKind.Utc));
        pauline.LastName = "DUFOUR-MARTIN";
        await SeedAsync(pauline);

        var report = await ImportAsync(Extract.Line());

        Assert.Equal(0, report.UsersUpdated);
        await using var db = _database.CreateContext();
        Assert.Equal("DUFOUR-MARTIN", (await db.Users.SingleAsync()).LastName);
    }

    [Fact]
    public async Task Unvalidated_profile_is_refreshed_from_the_extract()
    {
        var pauline = Pauline();
        pauline.Civility = null;
        pauline.LastName = "DUPONT";
        pauline.ContactEmail = "pauline.dupont@mairie-exemple.fr";
        pauline.MadrhasEmail = "pauline.dupont@mairie-exemple.fr";
        pauline.Address = new PostalAddress { Line1 = "3 rue Jeanne d'Arc", Line2 = "Bureau 12", PostalCode = "45160", City = "Olivet", Country = "BE" };
        await SeedAsync(pauline);

        var report = await ImportAsync(Extract.Line());

        Assert.Equal(1, report.UsersUpdated);
        Assert.Equal(0, report.UsersCreated);
        await using var db = _database.CreateContext();
        var user = await db.Users.SingleAsync();
        Assert.Equal("Mme", user.Civility);
        Assert.Equal("DUFOUR", user.LastName);
        Assert.Equal("pauline.dufour@mairie-exemple.fr", user.ContactEmail);
        Assert.Equal("pauline.dufour@mairie-exemple.fr", user.MadrhasEmail);
        Assert.Equal("1 place de la Mairie", user.Address.Line1);
        Assert.Null(user.Address.Line2);
        Assert.Equal("45000", user.Address.PostalCode);
        Assert.Equal("Orléans", user.Address.City);
        Assert.Equal("FR", user.Address.Country);
        Assert.Null(user.ProfileValidatedAt);
        Assert.Equal(_now.UtcDateTime, user.UpdatedAt);
    }

    [Fact]
    public async Task Inactif_deactivates_the_user_and_renews_its_security_stamp()
    {
        var pauline = Pauline(new DateTime(2024, 2, 1, 9, 0, 0, DateTimeKind.Utc));
        pauline.SecurityStamp = "stamp-before-deactivation";
        await SeedAsync(pauline);

        var report = await ImportAsync(Extract.Line(statut: "INACTIF"));

        Assert.Equal(1, report.UsersDeactivated);
        Assert.Equal(0, report.UsersUpdated);
        await using var db = _database.CreateContext();
        var user = await db.Users.SingleAsync();
        Assert.Equal(UserStatus.Inactive, user.Status);
        Assert.NotEqual("stamp-before-deactivation", user.SecurityStamp);
        Assert.False(string.IsNullOrEmpty(user.SecurityStamp));
    }

    [Fact]
    public async Task Actif_reactivates_a_deactivated_user()
    {
        var pauline = Pauline();
        pauline.Deactivate();
        await SeedAsync(pauline);

        var report = await ImportAsync(Extract.Line());

        Assert.Equal(1, report.UsersReactivated);
        Assert.Equal(0, report.UsersDeactivated);
        await using var db = _database.CreateContext();
        Assert.Equal(UserStatus.Active, (await db.Users.SingleAsync()).Status);
    }

    [Fact]
    public async Task Unknown_inactif_user_is_created_inactive()
    {
        var report = await ImportAsync(Extract.Line(statut: "INACTIF", role: "UTILISATEUR"));

        Assert.Equal(1, report.UsersCreated);
        Assert.Equal(0, report.UsersDeactivated);
        Assert.Equal(1, report.MembershipsCreated);
        await using var db = _database.CreateContext();
        Assert.Equal(UserStatus.Inactive, (await db.Users.SingleAsync()).Status);
    }

    [Fact]
    public async Task Second_primary_manager_for_a_structure_is_rejected()
    {
        var report = await ImportAsync(
            Extract.Line(),
            Extract.Line(identifiant: "jmartin", civilite: "M.", nom: "MARTIN", prenom: "Jean", email: "jean.martin@mairie-exemple.fr"),
            Extract.Line(identifiant: "clefebvre", civilite: "Mme", nom: "LEFEBVRE", prenom: "Chloé", email: "chloe.lefebvre@mairie-exemple.fr", role: "UTILISATEUR"));

        var rejection = Assert.Single(report.RejectedRecords);
        Assert.Equal(3, rejection.LineNumber);
        Assert.Equal("jmartin", rejection.Login);
        Assert.Equal("Gestionnaire principal en double : la structure 21450234500017 a déjà pour gestionnaire principal pdufour (ligne 2)", rejection.Reason);
        Assert.Equal(3, report.RecordsRead);
        Assert.Equal(2, report.UsersCreated);
        Assert.Equal(2, report.MembershipsCreated);

        await using var db = _database.CreateContext();
        Assert.False(await db.Users.AnyAsync(u => u.Login == "jmartin"));
        var primaryManager = Assert.Single(await db.Memberships.Where(m => m.Role == MembershipRole.PrimaryManager).Select(m => m.User!.Login).ToListAsync());
        Assert.Equal("pdufour", primaryManager);
    }

    [Fact]
    public async Task Later_extract_naming_another_primary_manager_hands_the_role_over_from_the_madrhas_one()
    {
        await ImportAsync(Extract.Line());

        var report = await ImportAsync(Extract.Line(identifiant: "jmartin", civilite: "M.", nom: "MARTIN", prenom: "Jean", email: "jean.martin@mairie-exemple.fr"));

        Assert.Empty(report.RejectedRecords);
        Assert.Equal((1, 1), (report.MembershipsCreated, report.MembershipsUpdated));
        await using var db = _database.CreateContext();
        var roles = await db.Memberships.OrderBy(m => m.User!.Login).Select(m => new { m.User!.Login, m.Role }).ToListAsync();
        Assert.Equal(
            [("jmartin", MembershipRole.PrimaryManager), ("pdufour", MembershipRole.SecondaryManager)],
            roles.Select(r => (r.Login, r.Role)));
    }

    [Fact]
    public async Task Primary_manager_named_in_the_portal_rejects_a_madrhas_one()
    {
        await ImportAsync(Extract.Line());
        await using (var seeding = _database.CreateContext())
        {
            var membership = await seeding.Memberships.SingleAsync();
            membership.Origin = MembershipOrigin.Portal;
            await seeding.SaveChangesAsync();
        }

        var report = await ImportAsync(Extract.Line(identifiant: "jmartin", civilite: "M.", nom: "MARTIN", prenom: "Jean", email: "jean.martin@mairie-exemple.fr"));

        var rejection = Assert.Single(report.RejectedRecords);
        Assert.Equal(
            (2, "Gestionnaire principal en double : la structure 21450234500017 a déjà pour gestionnaire principal pdufour, nommé dans le portail"),
            (rejection.LineNumber, rejection.Reason));
        await using var db = _database.CreateContext();
        Assert.False(await db.Users.AnyAsync(u => u.Login == "jmartin"));
    }

    [Fact]
    public async Task User_line_disagreeing_with_an_earlier_line_of_the_same_user_is_rejected()
    {
        var report = await ImportAsync(
            Extract.Line(),
            Extract.NoStructure(),
            Extract.Line(structure: Extract.CcasSiret, raisonSociale: "CCAS D'EXEMPLE", role: "UTILISATEUR", email: "p.dufour@ccas-exemple.fr", ville: "Orleans"));

        var rejection = Assert.Single(report.RejectedRecords);
        Assert.Equal(4, rejection.LineNumber);
        Assert.Equal("pdufour", rejection.Login);
        Assert.Equal("Colonnes de l'utilisateur différentes de la ligne 2 : email, ville", rejection.Reason);
        Assert.Equal(1, report.StructuresCreated);

        await using var db = _database.CreateContext();
        Assert.Equal("pauline.dufour@mairie-exemple.fr", (await db.Users.SingleAsync(u => u.Login == "pdufour")).ContactEmail);
        Assert.False(await db.Structures.AnyAsync(s => s.Identifier == Extract.CcasSiret));
    }

    [Fact]
    public async Task Agreeing_lines_of_one_user_attach_it_to_each_structure()
    {
        var report = await ImportAsync(
            Extract.Line(),
            Extract.Line(structure: Extract.CcasSiret, raisonSociale: "CCAS D'EXEMPLE", role: "UTILISATEUR", services: "SERV-ACCUEIL"));

        Assert.Empty(report.RejectedRecords);
        Assert.Equal(1, report.UsersCreated);
        Assert.Equal(0, report.UsersUpdated);
        Assert.Equal(2, report.StructuresCreated);
        Assert.Equal(2, report.MembershipsCreated);
    }

    [Fact]
    public async Task Second_line_for_the_same_user_and_structure_is_rejected()
    {
        var report = await ImportAsync(Extract.Line(), Extract.Line(role: "UTILISATEUR", services: "SERV-FIN"));

        var rejection = Assert.Single(report.RejectedRecords);
        Assert.Equal(3, rejection.LineNumber);
        Assert.Equal("Rattachement en double : pdufour a déjà une ligne pour la structure 21450234500017 (ligne 2)", rejection.Reason);
        Assert.Equal(0, report.ServicesCreated);
    }

    [Fact]
    public async Task Membership_requested_in_the_portal_is_not_duplicated_nor_changed()
    {
        var pauline = Pauline(new DateTime(2024, 2, 1, 9, 0, 0, DateTimeKind.Utc));
        var structure = new Structure { Identifier = Extract.MairieSiret, CompanyName = "COMMUNE D'EXEMPLE" };
        var requested = new Membership
        {
            UserId = pauline.Id,
            StructureId = structure.Id,
            Role = MembershipRole.Member,
            Status = MembershipStatus.Active,
            Origin = MembershipOrigin.Portal,
            StartDate = new DateOnly(2024, 2, 1),
        };
        await SeedAsync(pauline, structure, requested);

        var report = await ImportAsync(Extract.Line(role: "UTILISATEUR"));

        Assert.Empty(report.RejectedRecords);
        Assert.Equal(0, report.MembershipsCreated);
        await using var db = _database.CreateContext();
        var membership = Assert.Single(await db.Memberships.ToListAsync());
        Assert.Equal(MembershipOrigin.Portal, membership.Origin);
        Assert.Equal(new DateOnly(2024, 2, 1), membership.StartDate);
    }

    [Fact]
    public async Task Missing_service_codes_are_added_to_an_existing_structure()
    {
        await ImportAsync(Extract.Line());

        var report = await ImportAsync(Extract.Line(identifiant: "tgarnier", civilite: "M.", nom: "GARNIER", prenom: "Théo",
            email: "theo.garnier@mairie-exemple.fr", role: "UTILISATEUR", services: "SERV-RH"));

        Assert.Equal(0, report.StructuresCreated);
        Assert.Equal(1, report.ServicesCreated);
        await using var db = _database.CreateContext();
        var unit = await db.ServiceUnits.SingleAsync();
        Assert.Equal("SERV-RH", unit.Code);
        Assert.Equal("SERV-RH", unit.Label);
        Assert.Equal(unit.Id, (await db.MembershipServices.SingleAsync()).ServiceUnitId);
    }

    [Fact]
    public async Task End_date_before_the_default_start_date_is_rejected()
    {
        var report = await ImportAsync(Extract.Line(debut: "", fin: "2025-03-10"));

        var rejection = Assert.Single(report.RejectedRecords);
        Assert.Equal("Date de fin (2025-03-10) antérieure à la date de début par défaut, la date du jour (2025-03-11)", rejection.Reason);
        Assert.Equal(0, report.UsersCreated);
    }

    [Fact]
    public async Task Lines_rejected_by_the_reader_are_reported_and_the_other_lines_applied()
    {
        var report = await ImportAsync(
            Extract.Line(),
            Extract.Line(identifiant: "jmartin", structure: "21450234500018", role: "UTILISATEUR"),
            Extract.NoStructure());

        var rejection = Assert.Single(report.RejectedRecords);
        Assert.Equal((3, "jmartin", "SIRET invalide : la clé de contrôle (Luhn) est fausse"), (rejection.LineNumber, rejection.Login, rejection.Reason));
        Assert.Equal(3, report.RecordsRead);
        Assert.Equal(2, report.UsersCreated);
    }

    [Fact]
    public async Task File_error_is_reported_and_nothing_is_imported()
    {
        await using var db = _database.CreateContext();
        var text = "identifiant;nom;prenom;email\npdufour;DUFOUR;Pauline;pauline.dufour@mairie-exemple.fr\n";

        var report = await Import.RunAsync(db, new FixedTimeProvider(_now), Extract.Text(text));

        Assert.True(report.FileRejected);
        Assert.Equal("Colonnes obligatoires absentes de l'en-tête : statut", Assert.Single(report.RejectedRecords).Reason);
        Assert.Equal(0, report.RecordsRead);
        Assert.False(await db.Users.AnyAsync());
    }

    [Fact]
    public async Task Importer_refuses_a_context_with_unsaved_changes_rather_than_clearing_them()
    {
        await using var db = _database.CreateContext();
        db.Users.Add(Pauline());

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => Import.RunAsync(db, new FixedTimeProvider(_now), Extract.Of(Extract.Line())));
    }

    [Fact]
    public async Task Report_summary_gives_every_count_for_the_logs()
    {
        var report = await ImportAsync([.. _threeLines, Extract.Line(identifiant: "jmartin", structure: "21450234500018")]);

        Assert.Equal(
            "4 lines read, 1 rejected; users 3 created, 0 updated, 0 deactivated, 0 reactivated; 1 structures, 2 services created; "
            + "memberships 2 created, 0 updated, 0 ended",
            report.ToString());
    }
}
