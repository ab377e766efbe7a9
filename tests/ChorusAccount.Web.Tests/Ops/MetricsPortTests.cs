using System.Net;
using ChorusAccount.Web.Tests.Infrastructure;
using ChorusAccount.Web.Tests.Security;
using Microsoft.Extensions.DependencyInjection;

namespace ChorusAccount.Web.Tests.Ops;

/// <summary>
/// `Telemetry:MetricsPort`: `/metrics` without sign-in on a port of its own, for the Prometheus of the private network,
/// and nothing else there — whatever the `Host` header, while the portal's own address keeps its rules.
/// </summary>
public sealed class MetricsPortTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("chorus-metrics-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_metrics_port_answers_the_metrics_without_sign_in_and_nothing_else()
    {
        // Production as shipped: host filtering answers the public address only, which Prometheus does not call.
        await using var host = SecurityHosts.StartProduction(_folder, new Dictionary<string, string?> { ["AllowedHosts"] = "", ["Telemetry:MetricsPort"] = "0" }, https: false);
        var port = host.Services.GetRequiredService<Web.Telemetry.MetricsPortServer>().Port;
        Assert.NotNull(port);
        using var prometheus = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        using var browser = new HttpClient(AgentClient.Handler(new CookieContainer())) { BaseAddress = host.BaseAddress };
        using var publicHost = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Host = "chorus-pro.example" } };
        using var portal = await browser.SendAsync(publicHost);

        var before = await MetricsScrape.ReadAsync(prometheus);
        await host.ImportAsync(MadrhasExtract.Of(MadrhasExtract.Line("port" + Guid.NewGuid().ToString("N")[..8]), MadrhasExtract.Line("=bad login")), "port.csv");
        var after = await MetricsScrape.ReadUntilAsync(() => MetricsScrape.ReadAsync(prometheus), s => s.Value(MetricsTests.RecordsRead) > before.Value(MetricsTests.RecordsRead));
        using var page = await prometheus.GetAsync("/mon-compte");
        using var health = await prometheus.GetAsync("/healthz/live");

        Assert.Equal(2.0, after.Value(MetricsTests.RecordsRead) - before.Value(MetricsTests.RecordsRead));
        Assert.Equal(1.0, after.Value(MetricsTests.RecordsRejected) - before.Value(MetricsTests.RecordsRejected));
        Assert.Contains("http_server_request_duration_seconds", after.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, health.StatusCode);
        // On the portal's own address, /metrics still wants an operator's session.
        Assert.Equal(HttpStatusCode.Redirect, portal.StatusCode);
    }

    [Fact]
    public async Task Without_the_setting_there_is_no_metrics_port()
    {
        await using var host = PortalHost.Start(TestDatabase.Sqlite());

        Assert.Null(host.Services.GetRequiredService<Web.Telemetry.MetricsPortServer>().Port);
    }
}
