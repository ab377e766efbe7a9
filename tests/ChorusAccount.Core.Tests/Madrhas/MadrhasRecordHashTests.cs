using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Madrhas;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Tests.Madrhas;

/// <summary>
/// What the import keeps from one run to the next: each user's line hash (an unchanged line is not read in full,
/// nothing is written), and what it reads again because the portal may change it meanwhile.
/// </summary>
public sealed class MadrhasRecordHashTests : IDisposable
{
    private static readonly FixedTimeProvider _clock = new(new DateTimeOffset(2025, 3, 10, 9, 0, 0, TimeSpan.Zero));

    private readonly SqliteTestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private async Task<MadrhasImportReport> ImportAsync(MadrhasImportOptions? options, IProgress<MadrhasImportReport>? progress, params string[] lines)
    {
        await using var db = _database.CreateContext();
        return await Import.RunAsync(db, _clock, Extract.Of(lines), options, progress);
    }

    private Task<MadrhasImportReport> ImportAsync(params string[] lines) => ImportAsync(null, null, lines);

    private async Task<User> PaulineAsync()
    {
        await using var db = _database.CreateContext();
        return await db.Users.SingleAsync(u => u.Login == "pdufour");
    }

    [Fact]
    public async Task Applied_line_is_recorded_as_a_hash_and_the_same_line_again_rewrites_nothing()
    {
        await ImportAsync(Extract.Line());
        var before = await PaulineAsync();

        var report = await ImportAsync(Extract.Line());

        var after = await PaulineAsync();
        Assert.False(report.HasChanges);
        Assert.NotNull(before.MadrhasRecordHash);
        Assert.Equal((before.MadrhasRecordHash, before.Version, before.UpdatedAt), (after.MadrhasRecordHash, after.Version, after.UpdatedAt));
    }

    [Fact]
    public async Task User_without_a_hash_gets_it_without_a_new_version_when_its_line_changes_nothing()
    {
        await using (var seeding = _database.CreateContext())
        {
            seeding.Users.Add(new User
            {
                Login = "pdufour",
                Civility = "Mme",
                LastName = "DUFOUR-MARTIN",
                FirstName = "Pauline",
                ContactEmail = "p.dufour@mairie-exemple.fr",
                MadrhasEmail = "pauline.dufour@mairie-exemple.fr",
                ProfileValidatedAt = new DateTime(2024, 2, 1, 9, 0, 0, DateTimeKind.Utc),
            });
            await seeding.SaveChangesAsync();
        }

        var seeded = await PaulineAsync();

        var report = await ImportAsync(Extract.Line(type: "", structure: "", raisonSociale: "", role: "", debut: ""));

        var after = await PaulineAsync();
        Assert.Equal(0, report.UsersUpdated);
        Assert.Null(seeded.MadrhasRecordHash);
        Assert.NotNull(after.MadrhasRecordHash);
        // The hash is the import's bookkeeping: the user's own version (its forms' concurrency check) is kept.
        Assert.Equal((seeded.Version, "DUFOUR-MARTIN"), (after.Version, after.LastName));
    }

    [Fact]
    public async Task Validated_profile_whose_line_changes_keeps_its_fields_and_only_its_hash_is_renewed()
    {
        await ImportAsync(Extract.Line());
        await using (var validating = _database.CreateContext())
        {
            var user = await validating.Users.SingleAsync();
            user.ProfileValidatedAt = _clock.GetUtcNow().UtcDateTime;
            await validating.SaveChangesAsync();
        }

        var validated = await PaulineAsync();

        var report = await ImportAsync(Extract.Line(nom: "DUFOUR-MARTIN"));

        var after = await PaulineAsync();
        Assert.False(report.HasChanges);
        Assert.Equal(("DUFOUR", validated.Version), (after.LastName, after.Version));
        Assert.NotEqual(validated.MadrhasRecordHash, after.MadrhasRecordHash);
    }

    [Fact]
    public async Task Status_changed_outside_the_import_is_set_again_although_the_line_is_unchanged()
    {
        await ImportAsync(Extract.Line(statut: "INACTIF"));
        await using (var reactivating = _database.CreateContext())
        {
            var user = await reactivating.Users.SingleAsync();
            user.Reactivate();
            await reactivating.SaveChangesAsync();
        }

        var report = await ImportAsync(Extract.Line(statut: "INACTIF"));

        Assert.Equal(1, report.UsersDeactivated);
        Assert.Equal(UserStatus.Inactive, (await PaulineAsync()).Status);
    }

    [Fact]
    public async Task Primary_manager_named_in_the_portal_between_two_batches_is_not_displaced()
    {
        await ImportAsync(Extract.Line(), Extract.Line(identifiant: "jmartin", nom: "MARTIN", prenom: "Jean", email: "jean.martin@mairie-exemple.fr", role: "UTILISATEUR"));

        // While the import runs, pdufour leaves the mairie in the portal and bleroy becomes its primary manager there.
        var portal = new AfterBatch(1, () =>
        {
            using var db = _database.CreateContext();
            var former = db.Memberships.Single(m => m.User!.Login == "pdufour");
            former.Status = MembershipStatus.Ended;
            var bleroy = new User { Login = "bleroy", LastName = "LEROY", FirstName = "Bernard", ContactEmail = "bernard.leroy@mairie-exemple.fr" };
            db.Users.Add(bleroy);
            db.Memberships.Add(new Membership
            {
                UserId = bleroy.Id,
                StructureId = former.StructureId,
                Role = MembershipRole.PrimaryManager,
                Status = MembershipStatus.Active,
                Origin = MembershipOrigin.Portal,
                StartDate = new DateOnly(2025, 3, 10),
            });
            db.SaveChanges();
        });

        var report = await ImportAsync(new MadrhasImportOptions(BatchSize: 1), portal,
            Extract.Line(identifiant: "jmartin", nom: "MARTIN", prenom: "Jean", email: "jean.martin@mairie-exemple.fr", role: "UTILISATEUR"),
            Extract.Line(identifiant: "clefebvre", nom: "LEFEBVRE", prenom: "Chloé", email: "chloe.lefebvre@mairie-exemple.fr"));

        var rejection = Assert.Single(report.RejectedRecords);
        Assert.Equal(
            (3, "Gestionnaire principal en double : la structure 21450234500017 a déjà pour gestionnaire principal bleroy, nommé dans le portail"),
            (rejection.LineNumber, rejection.Reason));
        await using var check = _database.CreateContext();
        var primary = await check.Memberships.SingleAsync(m => m.Role == MembershipRole.PrimaryManager && m.Status == MembershipStatus.Active);
        Assert.Equal("bleroy", (await check.Users.SingleAsync(u => u.Id == primary.UserId)).Login);
    }

    /// <summary>Runs an action once, after the given batch is committed (the importer reports after each).</summary>
    private sealed class AfterBatch(int batch, Action action) : IProgress<MadrhasImportReport>
    {
        private int _committed;

        public void Report(MadrhasImportReport value)
        {
            if (++_committed == batch)
            {
                action();
            }
        }
    }
}
