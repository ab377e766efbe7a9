using ChorusAccount.Core.Data;
using ChorusAccount.Core.Madrhas;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Tests.Madrhas;

/// <summary>A run stopped between any two batches, then run again, must leave what an uninterrupted run leaves.</summary>
public sealed class MadrhasCrashRecoveryTests
{
    private static readonly FixedTimeProvider _clock = new(new DateTimeOffset(2025, 3, 10, 9, 0, 0, TimeSpan.Zero));
    private const int BatchSize = 7;

    /// <summary>Yesterday's extract: 40 users over 8 structures, some on services.</summary>
    private static string[] Yesterday() =>
    [
        .. Enumerable.Range(0, 40).Select(i => User(i, structure: i % 8, role: i < 8 ? "GESTIONNAIRE_PRINCIPAL" : "UTILISATEUR",
            services: i % 3 == 0 ? "SERV-A" : "")),
    ];

    /// <summary>Today's full extract: users gone, deactivated, renamed, moved, a hand-over, new structures, bad lines.</summary>
    private static string[] Today() =>
    [
        .. Enumerable.Range(5, 45).Select(i => User(i, structure: i % 10,
            role: i is >= 8 and < 10 || i == 41 ? "GESTIONNAIRE_PRINCIPAL" : i % 5 == 0 ? "GESTIONNAIRE_SECONDAIRE" : "UTILISATEUR",
            services: i % 4 == 0 ? "SERV-A,SERV-B" : "", status: i % 11 == 0 ? "INACTIF" : "ACTIF", lastName: i % 6 == 0 ? $"RENOMME{i}" : $"NOM{i}")),
        User(12, structure: 3, role: "UTILISATEUR", services: "", status: "ACTIF", lastName: "RENOMME12"),
        User(13, structure: 3, role: "UTILISATEUR", services: "", status: "INACTIF", lastName: "NOM13"),
        Extract.Line(identifiant: "bad", structure: "21450234500018"),
    ];

    private static string User(int i, int structure, string role, string services, string status = "ACTIF", string? lastName = null) =>
        Extract.Line(identifiant: $"agent{i:D3}", civilite: "M.", nom: lastName ?? $"NOM{i}", prenom: $"Prenom{i}", email: $"agent{i}@exemple.fr",
            statut: status, structure: Sirets.Make(structure), raisonSociale: $"STRUCTURE {structure}", role: role, services: services, debut: "");

    [Fact]
    public async Task Run_stopped_after_any_batch_then_run_again_converges_to_the_uninterrupted_result()
    {
        var expected = await FinalStateAsync(stopAfterBatch: null);
        var batches = (Today().Length + BatchSize - 1) / BatchSize;
        Assert.True(batches >= 6);

        for (var stopAfter = 1; stopAfter < batches; stopAfter++)
        {
            Assert.Equal(expected, await FinalStateAsync(stopAfter));
        }
    }

    [Fact]
    public async Task Uninterrupted_result_does_not_depend_on_the_batch_size()
    {
        Assert.Equal(await FinalStateAsync(stopAfterBatch: null), await FinalStateAsync(stopAfterBatch: null, batchSize: 1000));
    }

    private static async Task<string> FinalStateAsync(int? stopAfterBatch, int batchSize = BatchSize)
    {
        using var database = new SqliteTestDatabase();
        await using (var db = database.CreateContext())
        {
            await Import.RunAsync(db, _clock, Extract.Of(Yesterday()), new MadrhasImportOptions(Full: true));
        }

        var options = new MadrhasImportOptions(Full: true, BatchSize: batchSize);
        if (stopAfterBatch is { } k)
        {
            using var cancellation = new CancellationTokenSource();
            await using var db = database.CreateContext();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => Import.RunAsync(db, _clock, Extract.Of(Today()), options, new CancelAfter(k, cancellation), cancellation.Token));
        }

        MadrhasImportReport report;
        await using (var db = database.CreateContext())
        {
            report = await Import.RunAsync(db, _clock, Extract.Of(Today()), options);
        }

        // Whatever the first attempt did, the file's own verdicts do not change.
        Assert.Equal([48, 49], report.RejectedRecords.Select(r => r.LineNumber));
        return await SnapshotAsync(database);
    }

    /// <summary>Every row that matters, by natural keys (ids and security stamps are random per database).</summary>
    private static async Task<string> SnapshotAsync(SqliteTestDatabase database)
    {
        await using var db = database.CreateContext();
        var users = await db.Users.OrderBy(u => u.Login)
            .Select(u => $"{u.Login}|{u.LastName}|{u.FirstName}|{u.ContactEmail}|{u.Status}|{u.UpdatedAt:O}").ToListAsync();
        var structures = await db.Structures.OrderBy(s => s.Identifier).Select(s => $"{s.Identifier}|{s.CompanyName}|{s.Services.Count}").ToListAsync();
        var memberships = (await db.Memberships
            .Select(m => new
            {
                m.User!.Login,
                m.Structure!.Identifier,
                m.Role,
                m.Status,
                m.Origin,
                m.WholeStructure,
                m.StartDate,
                m.EndDate,
                Services = m.Services.Select(s => s.ServiceUnit!.Code).ToList()
            })
            .ToListAsync())
            .Select(m => $"{m.Login}|{m.Identifier}|{m.Role}|{m.Status}|{m.Origin}|{m.WholeStructure}|{m.StartDate}|{m.EndDate}|{string.Join(',', m.Services.Order())}")
            .Order(StringComparer.Ordinal);
        var primaries = await db.Memberships.CountAsync(m => m.Role == MembershipRole.PrimaryManager && m.Status == MembershipStatus.Active);
        return string.Join('\n', [.. users, .. structures, .. memberships, $"primaries={primaries}"]);
    }
}
