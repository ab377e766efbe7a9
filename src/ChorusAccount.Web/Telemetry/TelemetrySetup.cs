using System.Diagnostics.Metrics;
using ChorusAccount.Core;
using ChorusAccount.Web.Authentication;
using ChorusAccount.Web.Configuration;
using ChorusAccount.Web.Jobs;
using Microsoft.Extensions.Diagnostics.Metrics;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ChorusAccount.Web.Telemetry;

/// <summary>
/// OpenTelemetry for operations (docs/OPERATIONS.md « Metrics and traces »): the metrics of ASP.NET Core, Kestrel, EF Core,
/// the runtime and the portal's own (<see cref="PortalMetrics"/>, the Hangfire jobs among them), scraped at
/// <see cref="MetricsPath"/> in the Prometheus format by operators, or on `Telemetry:MetricsPort` (<see cref="MetricsPortServer"/>);
/// sent by OTLP with the traces (ASP.NET Core, EF Core, the jobs) only when an endpoint is set. Without one no trace is
/// recorded at all, so that a signed-in page pays nothing for tracing.
/// </summary>
public static class TelemetrySetup
{
    public const string MetricsPath = "/metrics";

    public const string ServiceName = "chorus-account";

    /// <summary>The name the OpenTelemetry SDK gives its listener in the host's metrics subscriptions.</summary>
    private const string OpenTelemetryListener = "OpenTelemetry";

    /// <summary>Meters the host creates through its own IMeterFactory: subscribed in this host only (the tests run several in one process).</summary>
    private static readonly string[] _hostMeters =
    [
        PortalMetrics.MeterName,
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting",
    ];

    /// <summary>Process-wide meters: observed values read at collection, nothing recorded per query.</summary>
    private static readonly string[] _processMeters = ["Microsoft.EntityFrameworkCore", "System.Runtime"];

    public static IServiceCollection AddPortalTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.HasValidOtlpEndpoint, "Telemetry:OtlpEndpoint must be an absolute http or https address.")
            .ValidateOnStart();
        var telemetry = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = TelemetryOptions.OtlpEndpointOf(configuration);

        services.AddSingleton<PortalMetrics>();
        // Meters are enabled through the host's metrics subscriptions rather than the SDK's AddMeter, which would listen to
        // every meter of that name in the process, another host's included.
        services.AddMetrics(metrics =>
        {
            foreach (var meter in _hostMeters)
            {
                metrics.EnableMetrics(meter, instrumentName: null, OpenTelemetryListener, MeterScope.Local);
            }

            foreach (var meter in _processMeters)
            {
                metrics.EnableMetrics(meter, instrumentName: null, OpenTelemetryListener, MeterScope.Global);
            }
        });

        var openTelemetry = services.AddOpenTelemetry().ConfigureResource(r => r.AddService(ServiceName));
        openTelemetry.WithMetrics(metrics =>
        {
            metrics.AddPrometheusExporter();
            if (otlp is not null)
            {
                metrics.AddOtlpExporter(o => Target(o, telemetry));
            }
        });
        if (otlp is not null)
        {
            openTelemetry.WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(telemetry.TraceSampleRatio)))
                .AddSource(JobTelemetryFilter.ActivitySourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsProbe(context.Request.Path))
                .AddEntityFrameworkCoreInstrumentation()
                .AddOtlpExporter(o => Target(o, telemetry)));
        }

        services.AddSingleton<MetricsPortServer>();
        services.AddHostedService(sp => sp.GetRequiredService<MetricsPortServer>());
        return services;
    }

    /// <summary>
    /// Builds the meter and tracer providers now, before the start-up's work (migrations, the demo's import), rather than
    /// when the hosted services start: what that work counts is kept, and EF Core, having seen nobody listen to its
    /// commands, does not stop looking for a second (its logging cache) on the contexts the first requests then take from
    /// the pool, whose statements would be missing from their traces.
    /// </summary>
    public static void StartTelemetry(this WebApplication app)
    {
        app.Services.GetService<MeterProvider>();
        app.Services.GetService<TracerProvider>();
        // Created once the provider listens, so that the portal's counters are scraped at 0 from the start.
        app.Services.GetRequiredService<PortalMetrics>();
    }

    /// <summary>`/metrics` on the portal's own address: operators signed in; an agent gets the 403 page, a visitor the PIGP.</summary>
    public static void MapPortalMetrics(this WebApplication app) =>
        app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(OperatorPolicy.Name);

    // The health probes and the scrapes come every few seconds: traces of them would drown the others.
    private static bool IsProbe(PathString path) => path.StartsWithSegments("/healthz") || path.StartsWithSegments(MetricsPath);

    private static void Target(OtlpExporterOptions exporter, TelemetryOptions telemetry)
    {
        if (!string.IsNullOrEmpty(telemetry.OtlpEndpoint))
        {
            exporter.Endpoint = new Uri(telemetry.OtlpEndpoint);
        }
    }
}
