using System.Net.Http.Headers;
using ChorusAccount.Bench.Shared;
using ChorusAccount.Core.Madrhas;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Structures;
using ChorusAccount.Core.Subscriptions;
using ChorusAccount.Testing;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Bench.Pages;

/// <summary>The database the pages are measured on, and the measured user's own rows.</summary>
internal sealed class BenchWorld
{
    public const int Documents = 10;
    private const string AddDocumentPath = "/mon-compte/pieces-jointes";

    public required string Login { get; init; }
    public required IReadOnlyList<string> StructureNames { get; init; }
    public required string PendingRequesterName { get; init; }
    public string DocumentDesignation => $"Pièce justificative {Documents}";
    public required int Users { get; init; }
    public required int Structures { get; init; }
    public required int SpaceLineCount { get; init; }

    public string Describe() =>
        $"{Users} users, {Structures} structures; « {Login} »: {StructureNames.Count} memberships, {SpaceLineCount} space lines, {Documents} documents";

    public static async Task<BenchWorld> FillAsync(PortalHost host, PagesOptions options)
    {
        // The directory, then the MADRHAS extract (a fifth of its users hold two lines: 1.2 lines per user).
        await host.WithDbAsync(async db =>
        {
            var directory = string.Join('\n', new[] { StructureDirectoryLoader.Header }.Concat(new StructureDirectoryGenerator(seed: 7).Lines(options.Structures)));
            await new StructureDirectoryLoader(db, TimeProvider.System).LoadAsync(new StringReader(directory), CancellationToken.None);
        });
        var extract = Path.Combine(Path.GetTempPath(), $"chorus-bench-pages-{Guid.NewGuid():N}.csv");
        try
        {
            ExtractGenerator.Write(extract, options.Users * 6 / 5);
            await host.WithDbAsync(async db =>
            {
                await using var stream = File.OpenRead(extract);
                await new MadrhasImporter(db, TimeProvider.System).ImportAsync(stream, "bench.csv", new MadrhasImportOptions(Full: true), null, CancellationToken.None);
            });
        }
        finally
        {
            File.Delete(extract);
        }

        var user = await host.CreateUserAsync(login: "mesure");
        return await host.WithDbAsync(async db =>
        {
            // Three structures of the directory (no MADRHAS manager): primary manager of the first, member of the others.
            var structures = await db.Structures.Where(s => s.IdentifierType == StructureIdentifierType.Siret && !s.CompanyName.StartsWith("COLLECTIVITE"))
                .OrderBy(s => s.Identifier).Take(3).ToListAsync();
            var now = DateTime.UtcNow;
            Membership Active(Structure s, MembershipRole role) => new()
            {
                UserId = user.Id,
                StructureId = s.Id,
                Role = role,
                Status = MembershipStatus.Active,
                StartDate = new DateOnly(2026, 1, 1),
                RequestedAt = now,
                DecidedAt = now,
            };
            db.Memberships.AddRange(Active(structures[0], MembershipRole.PrimaryManager), Active(structures[1], MembershipRole.Member), Active(structures[2], MembershipRole.Member));

            var requesters = await db.Users.Where(u => u.Login.StartsWith("agent")).OrderBy(u => u.Login).Take(options.PendingRequests).ToListAsync();
            db.Memberships.AddRange(requesters.Select(r => new Membership
            {
                UserId = r.Id,
                StructureId = structures[0].Id,
                Status = MembershipStatus.Pending,
                StartDate = new DateOnly(2026, 12, 1),
                RequestedAt = now,
            }));

            var works = await db.Spaces.SingleAsync(s => s.Code == "FACTURES_TRAVAUX");
            db.Subscriptions.AddRange(structures.Skip(1).Select(s => new Subscription
            {
                UserId = user.Id,
                StructureId = s.Id,
                SpaceId = works.Id,
                Mode = SubscriptionMode.Consultation,
                Status = SubscriptionStatus.Active,
                RequestedAt = now,
                DecidedAt = now,
            }));
            await db.SaveChangesAsync();

            return new BenchWorld
            {
                Login = user.Login,
                StructureNames = [.. structures.Select(s => s.CompanyName)],
                PendingRequesterName = requesters[0].LastName,
                Users = await db.Users.CountAsync(),
                Structures = await db.Structures.CountAsync(),
                SpaceLineCount = await SpaceLines.Active(db, Core.ParisDate.Today(TimeProvider.System)).CountAsync(l => l.UserId == user.Id),
            };
        });
    }

    /// <summary>The ten pièces jointes go through « Ajouter une pièce jointe », as an agent adds them.</summary>
    public async Task AddDocumentsAsync(AgentClient agent)
    {
        for (var i = 1; i <= Documents; i++)
        {
            var form = (await agent.GetAsync("/mon-compte")).Form(AddDocumentPath);
            using var body = new MultipartFormDataContent
            {
                { new StringContent(form["__RequestVerificationToken"]!), "__RequestVerificationToken" },
                { new StringContent($"Pièce justificative {i}"), "Upload.Designation" },
                { new StringContent("7"), "Upload.DocumentTypeId" },
            };
            var file = new ByteArrayContent([.. "%PDF-1.7\n"u8, .. new byte[20_000]]);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            body.Add(file, "Upload.File", $"piece-{i}.pdf");
            using var response = await agent.Http.PostAsync(AddDocumentPath, body);
            if (!(await Page.ReadAsync(response)).Contains($"Pièce justificative {i}"))
            {
                throw new InvalidOperationException($"Document {i} was not added ({(int)response.StatusCode}).");
            }
        }
    }
}
