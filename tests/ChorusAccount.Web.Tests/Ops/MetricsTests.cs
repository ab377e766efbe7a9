using System.Net;
using ChorusAccount.Web.Tests.Infrastructure;
using ChorusAccount.Web.Tests.Security;
using Microsoft.Extensions.DependencyInjection;

namespace ChorusAccount.Web.Tests.Ops;

/// <summary>`/metrics` on the portal's address: the portal's own counters for operators, the 403 page for agents.</summary>
public abstract class MetricsTests(PortalHost host)
{
    public const string RecordsRead = "chorus_madrhas_records_read_total";
    public const string RecordsRejected = "chorus_madrhas_records_rejected_total";
    public const string JobRuns = "chorus_jobs_runs_total";
    public const string JobDurationCount = "chorus_jobs_duration_seconds_count";

    private static readonly (string, string) _importJob = ("job", "MadrhasImportJob.RunAsync");

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task After_an_import_launched_from_the_ops_page_an_operator_reads_its_records_and_its_job_s_run()
    {
        using var agent = host.NewAgent();
        await agent.SignInAsync((await host.OperatorAsync()).Login);
        var before = await MetricsScrape.ReadAsync(agent.Http);
        var drop = Directory.CreateDirectory(Path.Combine(host.JobsFolder, "depot"));
        var file = Path.Combine(drop.FullName, Unique("metriques-") + ".csv");
        // Four records, one of them rejected.
        await File.WriteAllTextAsync(file, MadrhasExtract.Of(
            MadrhasExtract.Line(Unique("met"), siret: ""), MadrhasExtract.Line(Unique("met"), siret: ""), MadrhasExtract.Line("=bad login"),
            MadrhasExtract.Line(Unique("met"), siret: "")));

        var launched = await agent.SubmitAsync((await agent.GetAsync("/ops/imports")).Form("/ops/imports/lancer"));
        Assert.True(launched.Contains("L'import est lancé"), launched.Html);
        var run = await host.WaitForRunAsync(Path.GetFileName(file));
        var after = await MetricsScrape.ReadUntilAsync(() => MetricsScrape.ReadAsync(agent.Http), s => Delta(s, JobRuns, _importJob) > 0);

        Assert.Equal((4, 1), (run.RecordsRead, run.RecordsRejected));
        Assert.Equal(run.RecordsRead, Delta(after, RecordsRead));
        Assert.Equal(run.RecordsRejected, Delta(after, RecordsRejected));
        Assert.Equal(1, Delta(after, JobRuns, _importJob, ("outcome", "succeeded")));
        Assert.Equal(0, Delta(after, JobRuns, _importJob, ("outcome", "failed")));
        Assert.Equal(1, Delta(after, JobDurationCount, _importJob));

        int Delta(MetricsScrape scrape, string name, params (string, string)[] labels) => (int)(scrape.Value(name, labels) - before.Value(name, labels));
    }

    [Fact]
    public async Task Every_counter_of_the_portal_is_scraped_from_the_start()
    {
        // A portal that has sent no mail and received no event yet still shows those counters, at their value.
        using var agent = host.NewAgent();
        await agent.SignInAsync((await host.OperatorAsync()).Login);

        var text = (await MetricsScrape.ReadAsync(agent.Http)).Text;

        Assert.Contains(RecordsRead + "{", text, StringComparison.Ordinal);
        Assert.Contains(RecordsRejected + "{", text, StringComparison.Ordinal);
        foreach (var kind in Core.PortalMetrics.MailKinds)
        {
            Assert.Contains($"chorus_mails_sent_total{{otel_scope_name=\"ChorusAccount\",kind=\"{kind}\"}}", text, StringComparison.Ordinal);
            Assert.Contains($"chorus_mails_failed_total{{otel_scope_name=\"ChorusAccount\",kind=\"{kind}\"}}", text, StringComparison.Ordinal);
        }

        foreach (var outcome in Core.PortalMetrics.InvoiceEventOutcomes)
        {
            Assert.Contains($"chorus_invoice_events_received_total{{otel_scope_name=\"ChorusAccount\",outcome=\"{outcome}\"}}", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_import_run_directly_is_counted_too_a_dry_run_is_not()
    {
        using var agent = host.NewAgent();
        await agent.SignInAsync((await host.OperatorAsync()).Login);
        var before = await MetricsScrape.ReadAsync(agent.Http);

        var report = await host.ImportAsync(MadrhasExtract.Of(MadrhasExtract.Line(Unique("met")), MadrhasExtract.Line("=bad login")), Unique("direct-") + ".csv");
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var importer = scope.ServiceProvider.GetRequiredService<Core.Madrhas.MadrhasImporter>();
            using var extract = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(MadrhasExtract.Of(MadrhasExtract.Line(Unique("met")))));
            await importer.ImportAsync(extract, Unique("essai-") + ".csv", new Core.Madrhas.MadrhasImportOptions(DryRun: true), null, CancellationToken.None);
        }

        var after = await MetricsScrape.ReadUntilAsync(() => MetricsScrape.ReadAsync(agent.Http), s => s.Value(RecordsRead) > before.Value(RecordsRead));
        Assert.Equal((2, 1), (report.RecordsRead, report.RejectedRecords.Count));
        Assert.Equal(2.0, after.Value(RecordsRead) - before.Value(RecordsRead));
        Assert.Equal(1.0, after.Value(RecordsRejected) - before.Value(RecordsRejected));
    }

    [Fact]
    public async Task An_agent_gets_the_403_page_and_a_visitor_is_sent_to_the_PIGP()
    {
        var user = await host.CreateUserAsync();
        using var agent = host.NewAgent();
        await agent.SignInAsync(user.Login);
        using var visitor = host.NewAgent();

        var page = await agent.GetAsync("/metrics");
        using var anonymous = await visitor.NoRedirect.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Equal("/acces-refuse", page.Uri.AbsolutePath);
        Assert.DoesNotContain("chorus_", page.Html, StringComparison.Ordinal);
        PigpAssert.SentToThePigp(host, anonymous);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MetricsTestsOnSqlite(SqlitePortalFixture fixture) : MetricsTests(fixture.Host);

[Collection(PostgreSqlCollection.Name)]
public sealed class MetricsTestsOnPostgreSql(PostgreSqlPortalFixture fixture) : MetricsTests(fixture.Host);
