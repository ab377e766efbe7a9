using ChorusAccount.Web.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace ChorusAccount.Web.Telemetry;

/// <summary>
/// `Telemetry:MetricsPort`: a server of its own on that port, beside the portal's, that answers `/metrics` (the Prometheus
/// text of this host's meters) and 404 to anything else. Nothing of the portal's pipeline runs there — no page, no cookie,
/// no sign-in, no host filtering (Prometheus calls it by its service name) — so nothing but the metrics can be reached
/// through it. Plain HTTP without authentication: for the private network only, never published (docker-compose.yml).
/// </summary>
public sealed class MetricsPortServer(MeterProvider meterProvider, IOptions<TelemetryOptions> options, ILogger<MetricsPortServer> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? _server;

    /// <summary>The port it listens on once started (the one picked when the setting is 0); null when there is none.</summary>
    public int? Port { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MetricsPort is not { } port)
        {
            return;
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.ListenAnyIP(port));
        var server = builder.Build();
        server.UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider, predicate: null, TelemetrySetup.MetricsPath, configureBranchedPipeline: null, optionsName: null);
        server.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        await server.StartAsync(cancellationToken);
        _server = server;
        Port = new Uri(server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        logger.LogInformation("Metrics served on port {Port} at {Path}, and nothing else there", Port, TelemetrySetup.MetricsPath);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }
    }
}
