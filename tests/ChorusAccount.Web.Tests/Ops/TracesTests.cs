using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using ChorusAccount.Web.Jobs;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace ChorusAccount.Web.Tests.Ops;

/// <summary>
/// The traces a portal with an OTLP endpoint sends: a page's request with its statements beneath it, an import job with
/// its own, none for the health probes. The spans are read where the exporter takes them (a processor beside it).
/// </summary>
[Collection(Name)]
public abstract class TracesTests(TracesFixture fixture)
{
    public const string Name = "Traces";
    private const string EntityFrameworkSource = "OpenTelemetry.Instrumentation.EntityFrameworkCore";
    private readonly PortalHost _host = fixture.Host;

    [Fact]
    public async Task A_page_s_trace_holds_its_request_and_its_statements_and_a_probe_leaves_none()
    {
        var user = await _host.CreateUserAsync();
        using var agent = _host.NewAgent();
        await agent.SignInAsync(user.Login);
        var (page, probe) = (ActivityTraceId.CreateRandom(), ActivityTraceId.CreateRandom());

        Assert.Equal(HttpStatusCode.OK, await GetAsync(agent, "/mon-compte", page));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(agent, "/healthz/live", probe));
        fixture.Flush();

        var spans = fixture.SpansOf(page);
        var request = Assert.Single(spans, s => s.Kind == ActivityKind.Server);
        Assert.Equal("/mon-compte", request.GetTagItem("url.path"));
        AssertStatementsUnder(request, spans);
        Assert.Empty(fixture.SpansOf(probe));
    }

    [Fact]
    public async Task An_import_launched_from_the_ops_page_has_its_job_s_trace_with_its_statements()
    {
        using var agent = _host.NewAgent();
        await agent.SignInAsync((await _host.OperatorAsync()).Login);
        var drop = Directory.CreateDirectory(Path.Combine(_host.JobsFolder, "depot"));
        var file = Path.Combine(drop.FullName, "traces-" + Guid.NewGuid().ToString("N")[..10] + ".csv");
        await File.WriteAllTextAsync(file, MadrhasExtract.Of(MadrhasExtract.Line("trace" + Guid.NewGuid().ToString("N")[..8], siret: "")));

        var form = (await agent.GetAsync("/ops/imports")).Form("/ops/imports/lancer");
        var launchedAt = DateTime.UtcNow;
        var launched = await agent.SubmitAsync(form);
        Assert.True(launched.Contains("L'import est lancé"), launched.Html);
        var run = await _host.WaitForRunAsync(Path.GetFileName(file));
        Assert.Equal(1, run.RecordsRead);
        fixture.Flush();
        // The activity sources are the process's: this collection runs alone, and the job is the one started since the launch.
        var job = Assert.Single(fixture.Spans, s => s.Source.Name == JobTelemetryFilter.ActivitySourceName && s.StartTimeUtc >= launchedAt);
        Assert.Equal("MadrhasImportJob.RunAsync", job.DisplayName);
        Assert.Equal(default, job.ParentSpanId);
        Assert.Equal(ActivityStatusCode.Unset, job.Status);
        AssertStatementsUnder(job, fixture.SpansOf(job.TraceId));
    }

    // The trace's statements hang from the root span (directly, or under another statement span of the same trace).
    private static void AssertStatementsUnder(Activity root, IReadOnlyList<Activity> trace)
    {
        var statements = trace.Where(s => s.Source.Name == EntityFrameworkSource).ToList();
        Assert.True(statements.Any(s => s.ParentSpanId == root.SpanId), $"No statement under {root.DisplayName}; its trace: {string.Join(", ", trace.Select(s => $"{s.Source.Name} {s.DisplayName}"))}");
        var statementIds = statements.Select(s => s.SpanId).ToHashSet();
        Assert.All(statements, s => Assert.True(s.ParentSpanId == root.SpanId || statementIds.Contains(s.ParentSpanId), $"{s.DisplayName} hangs from {s.ParentSpanId}"));
    }

    // A caller that sampled its trace (W3C traceparent, flag 01): the portal's spans join it.
    private static async Task<HttpStatusCode> GetAsync(AgentClient agent, string path, ActivityTraceId trace)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("traceparent", $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var response = await agent.NoRedirect.SendAsync(request);
        return response.StatusCode;
    }
}

/// <summary>The traces tests run alone: the activity sources they listen to are the whole process's.</summary>
[CollectionDefinition(TracesTests.Name, DisableParallelization = true)]
public sealed class TracesCollection;

/// <summary>A portal with an OTLP endpoint (nobody listens there) and a processor keeping each span that ends.</summary>
public abstract class TracesFixture : IAsyncLifetime
{
    private readonly ConcurrentQueue<Activity> _spans = new();

    public PortalHost Host { get; private set; } = default!;

    public IReadOnlyList<Activity> Spans => [.. _spans];

    public IReadOnlyList<Activity> SpansOf(ActivityTraceId trace) => [.. _spans.Where(s => s.TraceId == trace)];

    /// <summary>Ends the spans still in the SDK's hands (the processors are called as each span ends).</summary>
    public void Flush() => Host.Services.GetRequiredService<TracerProvider>().ForceFlush();

    protected abstract Task<TestDatabase> DatabaseAsync();

    public async Task InitializeAsync() => Host = PortalHost.Start(
        await DatabaseAsync(),
        new Dictionary<string, string?> { ["Telemetry:OtlpEndpoint"] = "http://127.0.0.1:9" },
        services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new Keeping(_spans))));

    public async Task DisposeAsync() => await Host.DisposeAsync();

    private sealed class Keeping(ConcurrentQueue<Activity> spans) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => spans.Enqueue(data);
    }
}

public sealed class SqliteTracesFixture : TracesFixture
{
    protected override Task<TestDatabase> DatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class PostgreSqlTracesFixture : TracesFixture
{
    protected override Task<TestDatabase> DatabaseAsync() => TestDatabase.PostgreSqlAsync();
}

public sealed class TracesTestsOnSqlite(SqliteTracesFixture fixture) : TracesTests(fixture), IClassFixture<SqliteTracesFixture>;

public sealed class TracesTestsOnPostgreSql(PostgreSqlTracesFixture fixture) : TracesTests(fixture), IClassFixture<PostgreSqlTracesFixture>;
