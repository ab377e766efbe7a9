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

    private static string User(int i, int structure, string role, string services, string status = "ACTIF", string? lastName = null) =>
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

    private async Task<(string State, MadrhasImportReport Again)> FinalStateAsync(int? stopAfterBatch)
    {
        await using var database = await CreateDatabaseAsync();
        var builder = new DbContextOptionsBuilder<ChorusAccountDbContext>();
        DatabaseSetup.Use(builder, database.Provider, database.ConnectionString);
        ChorusAccountDbContext Context() => new(builder.Options);
        await using (var db = Context())
        {
            await db.Database.MigrateAsync();
        }

        await ImportAsync(Context, Yesterday(), new MadrhasImportOptions(Full: true));
        var options = new MadrhasImportOptions(Full: true, BatchSize: BatchSize);
        if (stopAfterBatch is { } k)
        {
            using var cancellation = new CancellationTokenSource();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => ImportAsync(Context, Today(), options, new CancelAfter(k, cancellation), cancellation.Token));
        }

        var report = await ImportAsync(Context, Today(), options);
        Assert.Equal([18, 19], report.RejectedRecords.Select(r => r.LineNumber));
        if (stopAfterBatch is null)
        {
            // The scenario exercises every kind of write (a resumed run only finishes what the stopped one left).
            Assert.True(report is { UsersCreated: > 0, UsersUpdated: > 0, UsersDeactivated: > 0, StructuresCreated: > 0, ServicesCreated: > 0 }
                && report is { MembershipsCreated: > 0, MembershipsUpdated: > 0, MembershipsEnded: > 0 }, report.ToString());
        }

        var state = await SnapshotAsync(Context);
        var again = await ImportAsync(Context, Today(), options);
        Assert.Equal(state, await SnapshotAsync(Context));
        return (state, again);
    }

    private static async Task<MadrhasImportReport> ImportAsync(Func<ChorusAccountDbContext> context, string[] lines, MadrhasImportOptions options,
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
                    Services = m.Services.Select(s => s.ServiceUnit!.Code).ToList(),
                })
                .ToListAsync())
            .Select(m => $"{m.Login}|{m.Identifier}|{m.Role}|{m.Status}|{m.WholeStructure}|{m.StartDate}|{m.EndDate}|{string.Join(',', m.Services.Order())}")
            .Order(StringComparer.Ordinal);
        return string.Join('\n', [.. users, .. structures, .. memberships]);
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
}
