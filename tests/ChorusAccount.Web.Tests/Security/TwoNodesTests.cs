using System.Net;
using System.Text.Json;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Pigp;
using ChorusAccount.Web.Jobs;
using ChorusAccount.Web.Tests.Infrastructure;
using ChorusAccount.Web.Tests.Notifications;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChorusAccount.Web.Tests.Security;

/// <summary>Two portal nodes on one PostgreSQL database and one PIGP, as behind a load balancer: nothing a request needs
/// may live in one node's memory. Both share the Data Protection certificate, the MADRHAS drop folder and the SMTP server
/// (a real one on loopback), as in production.</summary>
public sealed class TwoNodesTests : IAsyncLifetime
{
    private const string ClientSecret = "secret-partage-par-les-deux-noeuds";
    private static readonly JsonSerializerOptions _hangfireJson = new() { PropertyNameCaseInsensitive = true };
    private readonly string _folder = Directory.CreateTempSubdirectory("chorus-nodes-").FullName;
    private readonly SmtpCatcher _smtp = new();
    private TestDatabase _database = default!;
    private PigpServer _pigp = default!;
    private PortalHost _a = default!;
    private PortalHost _b = default!;

    private string DropFolder => Path.Combine(_folder, "depot");
    private string ArchiveFolder => Path.Combine(_folder, "archives");

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.PostgreSqlAsync();
        _pigp = PigpServer.Create(new PigpOptions { Urls = "http://127.0.0.1:0" });
        await _pigp.StartAsync();
        var settings = new Dictionary<string, string?>(DigestPortalFixture.Settings(_smtp))
        {
            ["Pigp:ClientSecret"] = ClientSecret,
            ["DataProtection:CertificatePath"] = TestCertificates.WriteDataProtectionPfx(_folder, SecurityHosts.CertificatePassword),
            ["DataProtection:CertificatePassword"] = SecurityHosts.CertificatePassword,
            ["Database:LoadDemoData"] = "false",
            ["Jobs:DropFolder"] = DropFolder,
            ["Jobs:ArchiveFolder"] = ArchiveFolder,
        };
        var node = new PortalHostOptions { Pigp = _pigp, OwnsDatabase = false };
        _a = PortalHost.Start(_database, settings, options: node);
        _b = PortalHost.Start(_database, settings, options: node);

        // One client at the SSO for the service, whichever node the user comes back to.
        var portals = new[] { _a.BaseAddress, _b.BaseAddress }.SelectMany(u => new[] { u, new UriBuilder(u) { Host = "localhost" }.Uri }).ToList();
        await _pigp.RegisterClientAsync(new PigpClient(
            "chorus-account", ClientSecret, [.. portals.Select(u => new Uri(u, "signin-oidc").ToString())], [.. portals.Select(u => new Uri(u, "signout-callback-oidc").ToString())]));
        _pigp.SetPortalUrl(_a.BaseAddress.ToString());
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _pigp.DisposeAsync();
        await _database.DisposeAsync();
        _smtp.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Signed_in_through_A_a_form_loaded_on_A_is_accepted_by_B()
    {
        var user = await _a.CreateUserAsync();
        using var agent = _a.NewAgent();
        Assert.Equal(_a.BaseAddress.Port, (await agent.SignInAsync(user.Login)).Uri.Port);

        var onA = await agent.GetAsync("/mon-compte");
        var saved = await agent.SubmitAsync(onA.Form("/mon-compte").PostTo(new Uri(_b.BaseAddress, "mon-compte").ToString()).Set("Form.City", "Chartres"));

        Assert.Equal(HttpStatusCode.OK, saved.Status);
        Assert.Equal((_b.BaseAddress.Port, "/mon-compte"), (saved.Uri.Port, saved.Uri.AbsolutePath));
        Assert.True(saved.Contains("Vos modifications ont été enregistrées."), saved.Html);
        Assert.Equal("Chartres", (await _a.FindUserAsync(user.Login)).Address.City);

        // The session and the confirmation message went through B; A still reads what B wrote.
        var backOnA = await agent.GetAsync(new Uri(_a.BaseAddress, "mon-compte").ToString());
        Assert.True(backOnA.Contains("Chartres") && backOnA.Contains(user.DisplayName), backOnA.Html);
        // One key ring for the service, in the database, encrypted: the second node made no key of its own.
        var keys = await _b.WithDbAsync(db => db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml!).ToListAsync());
        Assert.Contains("<encryptedSecret", Assert.Single(keys));
    }

    [Fact]
    public async Task The_recurring_import_triggered_on_both_nodes_runs_once()
    {
        var logins = new[] { "noeud" + Guid.NewGuid().ToString("N")[..8], "noeud" + Guid.NewGuid().ToString("N")[..8] };
        Directory.CreateDirectory(DropFolder);
        var file = $"madrhas-{Guid.NewGuid():N}.csv";
        await File.WriteAllTextAsync(Path.Combine(DropFolder, file), MadrhasExtract.Of([.. logins.Select(l => MadrhasExtract.Line(l))]));

        var monitoring = await TriggerOnBothNodesAsync(MadrhasImportJob.RecurringJobId);

        Assert.Equal(0, monitoring.FailedCount());
        var runs = await _b.WithDbAsync(db => db.MadrhasImportRuns.AsNoTracking().Where(r => r.FileName == file).ToListAsync());
        Assert.Single(runs);
        Assert.Empty(Directory.GetFiles(DropFolder));
        Assert.Single(Directory.GetFiles(ArchiveFolder), f => f.EndsWith(file, StringComparison.Ordinal));
        Assert.Equal(2, await _b.WithDbAsync(db => db.Users.CountAsync(u => logins.Contains(u.Login))));
    }

    [Fact]
    public async Task The_digest_triggered_on_both_nodes_at_once_reaches_every_user_exactly_once()
    {
        var onA = new NotificationWorld(_a, _smtp);
        var onB = new NotificationWorld(_b, _smtp);
        var structure = await onA.StructureAsync("SERV-A");
        var users = new List<User>();
        for (var i = 0; i < 40; i++)
        {
            var user = await (i % 2 == 0 ? onA : onB).UserAsync(i % 3 == 0 ? UserLanguage.English : UserLanguage.French);
            await onA.AttachAsync(user, structure, serviceCodes: i % 4 == 0 ? ["SERV-A"] : []);
            users.Add(user);
        }

        // Events received by either node: every user holds the whole structure's or the service's lines.
        await onA.PostOkAsync(NotificationWorld.Event(structure, "REJETEE", reason: "Montant erroné"), NotificationWorld.Event(structure, side: "SENDER", service: "SERV-A"));
        await onB.PostOkAsync(NotificationWorld.Event(structure, "MISE_EN_PAIEMENT", service: "SERV-A"));
        await onB.PortalEventAsync(users[1], structure, NotificationEventKind.PendingRequest, null);

        var monitoring = await TriggerOnBothNodesAsync(DigestJob.RecurringJobId);

        Assert.Equal(0, monitoring.FailedCount());
        var messages = _smtp.MessagesTo(users.Select(u => u.ContactEmail));
        var byRecipient = messages.GroupBy(m => m.To.Mailboxes.Single().Address, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        Assert.All(users, u => Assert.True(byRecipient.GetValueOrDefault(u.ContactEmail) == 1, $"{u.ContactEmail} received {byRecipient.GetValueOrDefault(u.ContactEmail)} digests"));
        Assert.Equal(users.Count, messages.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(users.Count, messages.Count);
        var digests = await _b.WithDbAsync(db => db.NotificationDigests.AsNoTracking().ToListAsync());
        Assert.Equal(users.Count, digests.Count);
        Assert.All(digests, d => Assert.Equal(DigestStatus.Sent, d.Status));
        Assert.Equal(digests.Select(d => $"digest.{d.Id:N}@chorus-pro.example").Order(), messages.Select(m => m.MessageId).Order());
        // Both runs went through: one planned and sent everything, the other found nothing left to do.
        var reports = monitoring.SucceededJobs(0, 10).Select(j => JsonSerializer.Deserialize<DigestRunReport>((string)j.Value.Result, _hangfireJson)!).ToList();
        Assert.Equal(2, reports.Count);
        Assert.Equal(users.Count, reports.Sum(r => r.Sent));
        Assert.Equal([0, users.Count], reports.Select(r => r.Planned).Order());
    }

    [Fact]
    public async Task A_decision_made_on_B_is_mailed_once_by_the_outbox_job_run_on_both_nodes_at_once()
    {
        var onA = new NotificationWorld(_a, _smtp);
        var structure = await onA.StructureAsync();
        var manager = await onA.UserAsync();
        await onA.AttachAsync(manager, structure, Core.Memberships.MembershipRole.PrimaryManager);
        var requester = await onA.UserAsync();
        await onA.AttachAsync(requester, structure, status: Core.Memberships.MembershipStatus.Pending);
        var id = await _a.WithDbAsync(db => db.Memberships.Where(m => m.UserId == requester.Id).Select(m => m.Id).SingleAsync());
        using var agent = _b.NewAgent();
        await agent.SignInAsync(manager.Login);
        var inbox = await agent.GetAsync("/activites-gestionnaire");
        var decided = await agent.SubmitAsync(inbox.Form("/activites-gestionnaire/decisions").Add("ids", id.ToString()).Set("decision", "Approve"));
        Assert.True(decided.Contains("Les demandes ont été validées"), decided.Html);
        Assert.Equal(0, _smtp.CountTo(requester.ContactEmail));

        var monitoring = await TriggerOnBothNodesAsync(DigestJob.OutboxJobId);
        var reports = monitoring.SucceededJobs(0, 10).Select(j => JsonSerializer.Deserialize<DigestRunReport>((string)j.Value.Result, _hangfireJson)!).ToList();
        // On a loaded machine the run that took it may give it back unsent (too late in its two-second claim): the next
        // minute's runs send it then.
        for (var minute = 0; minute < 5 && reports.Sum(r => r.Sent) == 0; minute++)
        {
            reports.AddRange(await Task.WhenAll(_a.RunOutboxAsync(), _b.RunOutboxAsync()));
        }

        Assert.Equal(0, monitoring.FailedCount());
        Assert.Equal(2, monitoring.SucceededListCount());
        Assert.Equal(1, _smtp.CountTo(requester.ContactEmail));
        Assert.Equal(1, reports.Sum(r => r.Sent));
    }

    /// <summary>Triggers a recurring job on both nodes at the same moment, as each node's scheduler would, and waits until
    /// every job has ended.</summary>
    private async Task<Hangfire.Storage.IMonitoringApi> TriggerOnBothNodesAsync(string recurringJobId)
    {
        using var start = new Barrier(2);
        await Task.WhenAll(new[] { _a, _b }.Select(node => Task.Run(() =>
        {
            var jobs = node.Services.GetRequiredService<IRecurringJobManagerV2>();
            start.SignalAndWait();
            jobs.TriggerJob(recurringJobId);
        })));

        var monitoring = _a.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!(monitoring.SucceededListCount() + monitoring.FailedCount() >= 2 && monitoring.EnqueuedCount("default") == 0 && monitoring.ProcessingCount() == 0))
        {
            Assert.True(DateTime.UtcNow < deadline, $"jobs not done: {monitoring.SucceededListCount()} succeeded, {monitoring.ProcessingCount()} processing, {monitoring.FailedCount()} failed");
            await Task.Delay(250);
        }

        return monitoring;
    }
}
