using ChorusAccount.Core.Madrhas;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Tests.Madrhas;

/// <summary>The run around the lines: full extracts, the recorded run, the lock, dry runs, role and service changes.</summary>
public sealed class MadrhasImportRunTests : IDisposable
{
    private static readonly DateTimeOffset _now = new(2025, 3, 10, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly _today = new(2025, 3, 10);
    private readonly SqliteTestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private async Task<MadrhasImportReport> ImportAsync(MadrhasImportOptions options, params string[] lines)
    {
        await using var db = _database.CreateContext();
        return await Import.RunAsync(db, new FixedTimeProvider(_now), Extract.Of(lines), options);
    }

    private static readonly string _theo = Extract.Line(identifiant: "tgarnier", civilite: "M.", nom: "GARNIER", prenom: "Théo",
        email: "theo.garnier@mairie-exemple.fr", role: "UTILISATEUR", services: "SERV-FIN");

    private static readonly string _ccas = Extract.Line(structure: Extract.CcasSiret, raisonSociale: "CCAS D'EXEMPLE");

    [Fact]
    public async Task Full_extract_ends_the_madrhas_memberships_it_no_longer_lists()
    {
        await ImportAsync(new(), Extract.Line(), _theo, _ccas);

        var report = await ImportAsync(new(Full: true), Extract.Line(), _theo);

        Assert.Equal(1, report.MembershipsEnded);
        await using var db = _database.CreateContext();
        var ended = await db.Memberships.SingleAsync(m => m.Structure!.Identifier == Extract.CcasSiret);
        Assert.Equal((MembershipStatus.Ended, _today), (ended.Status, ended.EndDate));
        Assert.Equal(2, await db.Memberships.CountAsync(m => m.Status == MembershipStatus.Active));
    }

    [Fact]
    public async Task Partial_extract_ends_nothing()
    {
        await ImportAsync(new(), Extract.Line(), _theo, _ccas);

        var report = await ImportAsync(new(), Extract.Line());

        Assert.Equal(0, report.MembershipsEnded);
        await using var db = _database.CreateContext();
        Assert.Equal(3, await db.Memberships.CountAsync(m => m.Status == MembershipStatus.Active));
    }

    [Fact]
    public async Task Full_extract_never_ends_a_membership_requested_in_the_portal()
    {
        await ImportAsync(new(), Extract.Line(), _theo);
        await using (var seeding = _database.CreateContext())
        {
            (await seeding.Memberships.SingleAsync(m => m.User!.Login == "tgarnier")).Origin = MembershipOrigin.Portal;
            await seeding.SaveChangesAsync();
        }

        var report = await ImportAsync(new(Full: true), Extract.Line());

        Assert.Equal(0, report.MembershipsEnded);
        await using var db = _database.CreateContext();
        Assert.Equal(MembershipStatus.Active, (await db.Memberships.SingleAsync(m => m.User!.Login == "tgarnier")).Status);
    }

    [Fact]
    public async Task Full_extract_keeps_the_memberships_of_a_user_whose_line_was_rejected()
    {
        await ImportAsync(new(), Extract.Line(), _theo);

        var report = await ImportAsync(new(Full: true), Extract.Line(), _theo.Replace("SERV-FIN", "SERV-FIN", StringComparison.Ordinal).Replace("ACTIF", "PEUT-ETRE", StringComparison.Ordinal));

        Assert.Equal("Statut inconnu : PEUT-ETRE (attendu ACTIF ou INACTIF)", Assert.Single(report.RejectedRecords).Reason);
        Assert.Equal(0, report.MembershipsEnded);
    }

    [Fact]
    public async Task Full_extract_whose_file_is_refused_ends_nothing()
    {
        await ImportAsync(new(), Extract.Line(), _theo);
        await using var db = _database.CreateContext();

        var report = await Import.RunAsync(db, new FixedTimeProvider(_now),
            Extract.Text(Extract.Header + "\n" + Extract.Line() + "\n\"pdufour;unclosed\n"), new MadrhasImportOptions(Full: true));

        Assert.True(report.FileRejected);
        Assert.Equal(0, report.MembershipsEnded);
        Assert.Equal(2, await db.Memberships.CountAsync(m => m.Status == MembershipStatus.Active));
    }

    [Fact]
    public async Task Full_extract_end_pass_is_idempotent()
    {
        await ImportAsync(new(), Extract.Line(), _theo, _ccas);
        await ImportAsync(new(Full: true), Extract.Line());

        var report = await ImportAsync(new(Full: true), Extract.Line());

        Assert.False(report.HasChanges);
    }

    [Fact]
    public async Task Role_services_and_dates_of_a_madrhas_membership_follow_the_extract()
    {
        await ImportAsync(new(), Extract.Line(), _theo);

        var report = await ImportAsync(new(), Extract.Line(), Extract.Line(identifiant: "tgarnier", civilite: "M.", nom: "GARNIER", prenom: "Théo",
            email: "theo.garnier@mairie-exemple.fr", role: "GESTIONNAIRE_SECONDAIRE", services: "SERV-TECH,SERV-RH", debut: "2024-06-01", fin: "2026-12-31"));

        Assert.Equal((1, 0, 2), (report.MembershipsUpdated, report.MembershipsCreated, report.ServicesCreated));
        await using var db = _database.CreateContext();
        var theo = await db.Memberships.Include(m => m.Services).ThenInclude(s => s.ServiceUnit).SingleAsync(m => m.User!.Login == "tgarnier");
        Assert.Equal(MembershipRole.SecondaryManager, theo.Role);
        Assert.Equal(["SERV-RH", "SERV-TECH"], theo.Services.Select(s => s.ServiceUnit!.Code).Order());
        Assert.Equal((new DateOnly(2024, 6, 1), new DateOnly(2026, 12, 31)), (theo.StartDate, theo.EndDate));
    }

    [Fact]
    public async Task Membership_limited_to_services_becomes_whole_structure_when_services_are_emptied()
    {
        await ImportAsync(new(), Extract.Line(), _theo);

        await ImportAsync(new(), Extract.Line(), _theo.Replace(";SERV-FIN;", ";;", StringComparison.Ordinal));

        await using var db = _database.CreateContext();
        var theo = await db.Memberships.Include(m => m.Services).SingleAsync(m => m.User!.Login == "tgarnier");
        Assert.True(theo.WholeStructure);
        Assert.Empty(theo.Services);
    }

    [Fact]
    public async Task Run_is_recorded_with_its_counts_hash_and_rejected_lines()
    {
        var report = await ImportAsync(new(Full: true), Extract.Line(), _theo, Extract.Line(identifiant: "jmartin", structure: "21450234500018"));

        await using var db = _database.CreateContext();
        var run = await db.MadrhasImportRuns.SingleAsync();
        Assert.Equal(report.RunId, run.Id);
        Assert.Equal(("madrhas-test.csv", MadrhasImportRunStatus.Completed, (int?)null, true), (run.FileName, run.Status, run.RunningLock, run.Full));
        Assert.Equal(64, run.FileHash.Length);
        Assert.Equal((_now.UtcDateTime, _now.UtcDateTime), (run.StartedAt, run.EndedAt));
        Assert.Equal((3, 1, 2, 1, 2), (run.RecordsRead, run.RecordsRejected, run.UsersCreated, run.StructuresCreated, run.MembershipsCreated));
        var rejected = await db.MadrhasRejectedRecords.SingleAsync();
        Assert.Equal((run.Id, 4, "jmartin", "SIRET invalide : la clé de contrôle (Luhn) est fausse"), (rejected.RunId, rejected.LineNumber, rejected.Login, rejected.Reason));
    }

    [Fact]
    public async Task Same_file_twice_gives_the_same_hash_and_no_change()
    {
        await ImportAsync(new(), Extract.Line(), _theo);
        var second = await ImportAsync(new(), Extract.Line(), _theo);

        Assert.False(second.HasChanges);
        await using var db = _database.CreateContext();
        Assert.Single((await db.MadrhasImportRuns.Select(r => r.FileHash).ToListAsync()).Distinct());
    }

    [Fact]
    public async Task Second_import_while_one_is_running_is_refused_and_says_so()
    {
        await using (var seeding = _database.CreateContext())
        {
            seeding.MadrhasImportRuns.Add(new MadrhasImportRun
            {
                FileName = "madrhas-2025-03-10.csv",
                FileHash = new string('a', 64),
                StartedAt = _now.UtcDateTime.AddMinutes(-3),
                HeartbeatAt = _now.UtcDateTime.AddMinutes(-1),
            });
            await seeding.SaveChangesAsync();
        }

        var refusal = await Assert.ThrowsAsync<MadrhasImportAlreadyRunningException>(() => ImportAsync(new(), Extract.Line()));

        Assert.Equal("Un import MADRHAS est déjà en cours (madrhas-2025-03-10.csv, démarré le 2025-03-10 08:57:00 UTC).", refusal.Message);
        await using var db = _database.CreateContext();
        Assert.False(await db.Users.AnyAsync());
    }

    [Fact]
    public async Task Run_whose_heartbeat_stopped_is_marked_abandoned_and_the_new_run_proceeds()
    {
        await using (var seeding = _database.CreateContext())
        {
            seeding.MadrhasImportRuns.Add(new MadrhasImportRun
            {
                FileName = "killed.csv",
                FileHash = new string('a', 64),
                StartedAt = _now.UtcDateTime.AddHours(-2),
                HeartbeatAt = _now.UtcDateTime - MadrhasImporter.StaleAfter,
            });
            await seeding.SaveChangesAsync();
        }

        var report = await ImportAsync(new(), Extract.Line());

        Assert.Equal(1, report.UsersCreated);
        await using var db = _database.CreateContext();
        var killed = await db.MadrhasImportRuns.SingleAsync(r => r.FileName == "killed.csv");
        Assert.Equal((MadrhasImportRunStatus.Abandoned, (int?)null), (killed.Status, killed.RunningLock));
    }

    [Fact]
    public async Task Dry_run_counts_everything_and_writes_nothing()
    {
        var report = await ImportAsync(new(DryRun: true), Extract.Line(), _theo, _ccas);

        Assert.Equal((2, 2, 3), (report.UsersCreated, report.StructuresCreated, report.MembershipsCreated));
        Assert.Null(report.RunId);
        await using var db = _database.CreateContext();
        Assert.False(await db.Users.AnyAsync());
        Assert.False(await db.MadrhasImportRuns.AnyAsync());
    }

    [Fact]
    public async Task Cancelled_run_is_recorded_as_failed_and_releases_the_lock()
    {
        using var cancellation = new CancellationTokenSource();
        await using var db = _database.CreateContext();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Import.RunAsync(db, new FixedTimeProvider(_now),
            Extract.Of(Extract.Line(), _theo, _ccas), new MadrhasImportOptions(BatchSize: 1), new CancelAfter(1, cancellation), cancellation.Token));

        await using var check = _database.CreateContext();
        var run = await check.MadrhasImportRuns.SingleAsync();
        Assert.Equal((MadrhasImportRunStatus.Failed, (int?)null, "Import interrompu", 1), (run.Status, run.RunningLock, run.Error, run.RecordsRead));
    }
}

/// <summary>Cancels the import once it has committed <paramref name="batches"/> batches: a crash between two batches.</summary>
internal sealed class CancelAfter(int batches, CancellationTokenSource cancellation) : IProgress<MadrhasImportReport>
{
    private int _committed;

    public void Report(MadrhasImportReport value)
    {
        if (++_committed == batches)
        {
            cancellation.Cancel();
        }
    }
}
