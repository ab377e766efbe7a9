using System.Net;
using ChorusAccount.Pigp;
using ChorusAccount.Web.Jobs;
using ChorusAccount.Web.Tests.Infrastructure;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChorusAccount.Web.Tests.Security;

/// <summary>Two portal nodes on one PostgreSQL database and one PIGP, as behind a load balancer: nothing a request needs
/// may live in one node's memory. Both share the Data Protection certificate and the MADRHAS drop folder, as in production.</summary>
public sealed class TwoNodesTests : IAsyncLifetime
{
    private const string ClientSecret = "secret-partage-par-les-deux-noeuds";
    private readonly string _folder = Directory.CreateTempSubdirectory("chorus-nodes-").FullName;
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
        var settings = new Dictionary<string, string?>
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

        foreach (var node in new[] { _a, _b })
        {
            node.Services.GetRequiredService<IRecurringJobManagerV2>().TriggerJob(MadrhasImportJob.RecurringJobId);
        }

        var monitoring = _a.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!(monitoring.SucceededListCount() >= 2 && monitoring.EnqueuedCount("default") == 0 && monitoring.ProcessingCount() == 0))
        {
            Assert.True(DateTime.UtcNow < deadline, $"jobs not done: {monitoring.SucceededListCount()} succeeded, {monitoring.ProcessingCount()} processing, {monitoring.FailedCount()} failed");
            await Task.Delay(250);
        }

        Assert.Equal(0, monitoring.FailedCount());
        var runs = await _b.WithDbAsync(db => db.MadrhasImportRuns.AsNoTracking().Where(r => r.FileName == file).ToListAsync());
        Assert.Single(runs);
        Assert.Empty(Directory.GetFiles(DropFolder));
        Assert.Single(Directory.GetFiles(ArchiveFolder), f => f.EndsWith(file, StringComparison.Ordinal));
        Assert.Equal(2, await _b.WithDbAsync(db => db.Users.CountAsync(u => logins.Contains(u.Login))));
    }
}
