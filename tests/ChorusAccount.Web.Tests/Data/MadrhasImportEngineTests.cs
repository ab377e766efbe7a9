using System.Globalization;
using System.Text;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Madrhas;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Structures;
using ChorusAccount.Web.Data;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace ChorusAccount.Web.Tests.Data;

/// <summary>
/// The import writes its rows with each engine's own SQL (prepared statements on SQLite, array inserts and batched
/// statements on PostgreSQL): on each engine, an extract that creates, changes and ends rows must converge to the
/// same state whether the run is interrupted or not, and importing it again must change nothing.
/// </summary>
public abstract class MadrhasImportEngineTests
{
    private static readonly DateTimeOffset _now = new(2025, 3, 10, 9, 0, 0, TimeSpan.Zero);
    private const int BatchSize = 4;

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    /// <summary>Yesterday: 16 users over 4 structures, a primary manager each, some limited to services.</summary>
    private static string[] Yesterday() =>
    [
        .. Enumerable.Range(0, 16).Select(i => User(i, structure: i % 4, role: i < 4 ? "GESTIONNAIRE_PRINCIPAL" : "UTILISATEUR",
            services: i % 3 == 0 ? "SERV-A" : "")),
    ];

    /// <summary>
    /// Today: users gone (their memberships end), deactivated, renamed, moved; services added, removed and switched;
    /// two hand-overs; a new structure; a second line for one pair and a line disagreeing with its user's first.
    /// </summary>
    private static string[] Today() =>
    [
        .. Enumerable.Range(2, 16).Select(i => User(i, structure: i < 10 ? i % 4 : i % 5,
            role: i is 2 or 3 or 4 or 16 ? "GESTIONNAIRE_PRINCIPAL" : i % 5 == 0 ? "GESTIONNAIRE_SECONDAIRE" : "UTILISATEUR",
            services: i % 3 == 0 ? "SERV-B" : i % 2 == 0 ? "SERV-A" : "", status: i % 7 == 0 ? "INACTIF" : "ACTIF",
            lastName: i % 6 == 0 ? $"RENOMME{i}" : $"NOM{i}")),
        User(9, structure: 1, role: "UTILISATEUR", services: ""),
        User(5, structure: 4, role: "UTILISATEUR", services: "", lastName: "AUTRE"),
    ];

    protected static string User(int i, int structure, string role, string services, string status = "ACTIF", string? lastName = null) =>
        string.Join(';', $"moteur{i:D3}", "M.", lastName ?? $"NOM{i}", $"Prenom{i}", $"moteur{i}@exemple.fr", "", "", "45000", "Orléans", "FR",
            status, "SIRET", Siret(structure), $"STRUCTURE {structure}", role, services, "", "");

    private static string Siret(int n)
    {
        var body = (21_450_000_000_00L + n).ToString("D13", CultureInfo.InvariantCulture);
        return Enumerable.Range(0, 10).Select(key => body + key).First(StructureIdentifier.PassesLuhn);
    }

    [Fact]
    public async Task Run_stopped_after_any_batch_then_run_again_converges_and_a_last_run_changes_nothing()
    {
        var (expected, _) = await FinalStateAsync(stopAfterBatch: null);
        var batches = (Today().Length + BatchSize - 1) / BatchSize;

        for (var stopAfter = 1; stopAfter < batches; stopAfter++)
        {
            var (state, again) = await FinalStateAsync(stopAfter);
            Assert.Equal(expected, state);
            Assert.False(again.HasChanges, $"Stopped after batch {stopAfter}, then a third run: {again}");
        }
    }

    [Fact]
    public async Task Decisions_made_in_the_portal_hold_when_the_same_extract_comes_again_and_a_changed_record_is_applied()
    {
        await using var database = await CreateDatabaseAsync();
        var context = await MigratedAsync(database);

        var options = new MadrhasImportOptions(Full: true, BatchSize: BatchSize);
        await ImportAsync(context, Yesterday(), options);
        // moteur000, primary manager of structure 0, hands it over to moteur004 and ends its membership of nothing else;
        // moteur005 ends its membership of structure 1.
        await using (var db = context())
        {
            var ids = await db.Memberships.Where(m => m.Status == MembershipStatus.Active)
                .Select(m => new { m.User!.Login, m.Id, m.UserId }).ToDictionaryAsync(m => m.Login);
            var delete = new DeleteMemberships(db, new FakeTimeProvider(_now));
            Assert.Equal(DeleteMembershipsOutcome.Deleted, (await delete.ExecuteAsync(ids["moteur000"].UserId, "moteur000", [ids["moteur000"].Id],
                new Dictionary<Guid, Guid> { [ids["moteur000"].Id] = ids["moteur004"].UserId }, CancellationToken.None)).Outcome);
            db.ChangeTracker.Clear();
            Assert.Equal(DeleteMembershipsOutcome.Deleted, (await delete.ExecuteAsync(ids["moteur005"].UserId, "moteur005", [ids["moteur005"].Id],
                new Dictionary<Guid, Guid>(), CancellationToken.None)).Outcome);
        }

        var decided = await SnapshotAsync(context);
        var again = await ImportAsync(context, Yesterday(), options);

        Assert.False(again.HasChanges, again.ToString());
        Assert.Empty(again.RejectedRecords);
        Assert.Equal(decided, await SnapshotAsync(context));

        // A changed record (moteur006 gets a service) is applied; moteur007's record is gone from the full extract.
        string[] changed = [.. Yesterday().Where(l => !l.StartsWith("moteur007;", StringComparison.Ordinal) && !l.StartsWith("moteur006;", StringComparison.Ordinal)),
            User(6, structure: 2, role: "UTILISATEUR", services: "SERV-C")];
        var report = await ImportAsync(context, changed, options);

        Assert.Equal((1, 1, 0), (report.MembershipsUpdated, report.MembershipsEnded, report.MembershipsCreated));
        await using (var db = context())
        {
            var memberships = await db.Memberships.Where(m => m.User!.Login == "moteur006" || m.User!.Login == "moteur007" || m.User!.Login == "moteur000" || m.User!.Login == "moteur004")
                .Select(m => new { m.User!.Login, m.Status, m.Role, Services = m.Services.Select(s => s.ServiceUnit!.Code).ToList() }).ToDictionaryAsync(m => m.Login);
            Assert.Equal(["SERV-C"], memberships["moteur006"].Services);
            Assert.Equal(MembershipStatus.Ended, memberships["moteur007"].Status);
            Assert.Equal((MembershipStatus.Active, MembershipRole.Member), (memberships["moteur000"].Status, memberships["moteur000"].Role));
            Assert.Equal(MembershipRole.PrimaryManager, memberships["moteur004"].Role);
            var entry = await db.AuditEntries.SingleAsync(a => a.Action == "MembershipChangedByMadrhas");
            Assert.Equal("MADRHAS", entry.Actor);
            Assert.Equal(new ChorusAccount.Core.Auditing.FieldChange("Service", "SERV-A", "SERV-C"), entry.Changes[^1]);
        }
    }

    /// <summary>The test database migrated, and a way to open a context on it.</summary>
    protected static async Task<Func<ChorusAccountDbContext>> MigratedAsync(TestDatabase database)
    {
        var builder = new DbContextOptionsBuilder<ChorusAccountDbContext>();
        DatabaseSetup.Use(builder, database.Provider, database.ConnectionString);
        await using (var db = new ChorusAccountDbContext(builder.Options))
        {
            await db.Database.MigrateAsync();
        }

        return () => new ChorusAccountDbContext(builder.Options);
    }

    private async Task<(string State, MadrhasImportReport Again)> FinalStateAsync(int? stopAfterBatch)
    {
        await using var database = await CreateDatabaseAsync();
        var context = await MigratedAsync(database);

        await ImportAsync(context, Yesterday(), new MadrhasImportOptions(Full: true));
        var options = new MadrhasImportOptions(Full: true, BatchSize: BatchSize);
        if (stopAfterBatch is { } k)
        {
            using var cancellation = new CancellationTokenSource();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => ImportAsync(context, Today(), options, new CancelAfter(k, cancellation), cancellation.Token));
        }

        var report = await ImportAsync(context, Today(), options);
        Assert.Equal([18, 19], report.RejectedRecords.Select(r => r.LineNumber));
        if (stopAfterBatch is null)
        {
            // The scenario exercises every kind of write (a resumed run only finishes what the stopped one left).
            Assert.True(report is { UsersCreated: > 0, UsersUpdated: > 0, UsersDeactivated: > 0, StructuresCreated: > 0, ServicesCreated: > 0 }
                && report is { MembershipsCreated: > 0, MembershipsUpdated: > 0, MembershipsEnded: > 0 }, report.ToString());
        }

        var state = await SnapshotAsync(context);
        var again = await ImportAsync(context, Today(), options);
        Assert.Equal(state, await SnapshotAsync(context));
        return (state, again);
    }

    protected static async Task<MadrhasImportReport> ImportAsync(Func<ChorusAccountDbContext> context, string[] lines, MadrhasImportOptions options,
        IProgress<MadrhasImportReport>? progress = null, CancellationToken ct = default)
    {
        await using var db = context();
        using var extract = new MemoryStream(Encoding.UTF8.GetBytes(MadrhasExtract.Of(lines)));
        return await new MadrhasImporter(db, new FakeTimeProvider(_now)).ImportAsync(extract, "moteur.csv", options, progress, ct);
    }

    /// <summary>Every row that matters, by natural keys, versions included: a row rewritten without a change would show.</summary>
    private static async Task<string> SnapshotAsync(Func<ChorusAccountDbContext> context)
    {
        await using var db = context();
        var users = await db.Users.OrderBy(u => u.Login)
            .Select(u => $"{u.Login}|{u.LastName}|{u.Status}|{u.UpdatedAt:O}").ToListAsync();
        var structures = await db.Structures.OrderBy(s => s.Identifier)
            .Select(s => $"{s.Identifier}|{s.CompanyName}|{string.Join(',', s.Services.OrderBy(u => u.Code).Select(u => u.Code))}").ToListAsync();
        var memberships = (await db.Memberships
                .Select(m => new
                {
                    m.User!.Login,
                    m.Structure!.Identifier,
                    m.Role,
                    m.Status,
                    m.WholeStructure,
                    m.StartDate,
                    m.EndDate,
                    m.MadrhasRecordHash,
                    m.MadrhasRole,
                    Services = m.Services.Select(s => s.ServiceUnit!.Code).ToList(),
                })
                .ToListAsync())
            .Select(m => $"{m.Login}|{m.Identifier}|{m.Role}|{m.Status}|{m.WholeStructure}|{m.StartDate}|{m.EndDate}|{m.MadrhasRecordHash}|{m.MadrhasRole}|{string.Join(',', m.Services.Order())}")
            .Order(StringComparer.Ordinal);
        // The history « modifié par MADRHAS »: written once per change, however often the run was stopped.
        var history = (await db.AuditEntries.Join(db.Users, a => a.UserId, u => u.Id, (a, u) => new { u.Login, a.Actor, a.Action, a.Changes }).ToListAsync())
            .Select(a => $"{a.Login}|{a.Actor}|{a.Action}|{string.Join(',', a.Changes)}")
            .Order(StringComparer.Ordinal);
        return string.Join('\n', [.. users, .. structures, .. memberships, .. history]);
    }

    private sealed class CancelAfter(int batches, CancellationTokenSource cancellation) : IProgress<MadrhasImportReport>
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
}

public sealed class MadrhasImportEngineTestsOnSqlite : MadrhasImportEngineTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class MadrhasImportEngineTestsOnPostgreSql : MadrhasImportEngineTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.PostgreSqlAsync();

    [Fact]
    public async Task An_import_that_made_the_tables_grow_leaves_planner_statistics_that_know_their_size()
    {
        await using var database = await CreateDatabaseAsync();
        var context = await MigratedAsync(database);

        // 5,000 users on 50 structures: 10,050 rows created, past the 10,000 after which the run analyses the tables it reads.
        await ImportAsync(context, [.. Enumerable.Range(0, 5_000).Select(i => User(i, structure: i % 50, role: i < 50 ? "GESTIONNAIRE_PRINCIPAL" : "UTILISATEUR", services: ""))],
            new MadrhasImportOptions(Full: true));

        await using (var db = context())
        {
            // Never analysed, a table's row estimate is -1: the planner then takes it for a few pages and scans it whole.
            var estimates = await db.Database.SqlQueryRaw<double>(
                "SELECT reltuples::float8 AS \"Value\" FROM pg_class WHERE relname IN ('Users', 'Structures', 'Memberships') ORDER BY relname").ToListAsync();
            Assert.Equal([5_000d, 50d, 5_000d], estimates);
        }
    }
}
