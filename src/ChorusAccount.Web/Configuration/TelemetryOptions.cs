using System.ComponentModel.DataAnnotations;

namespace ChorusAccount.Web.Configuration;

/// <summary>The `Telemetry` section: where the metrics are scraped besides `/metrics`, and where OTLP sends them with the traces.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>The OpenTelemetry SDK's own setting, read from the environment: OTLP is on when it or <see cref="OtlpEndpoint"/> is set.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// A port of its own, plain HTTP on every interface, that answers `/metrics` without sign-in and nothing else (404), for
    /// a Prometheus on the private network; never publish it. Null: none (operators read `/metrics` on the portal's own
    /// address). 0 picks a free port (tests).
    /// </summary>
    [Range(0, 65535)]
    public int? MetricsPort { get; set; }

    /// <summary>The OTLP collector (gRPC, e.g. `http://otel-collector:4317`); overrides <see cref="OtlpEndpointVariable"/>.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>Share of the traces started here that are kept (0 to 1), a trace whose caller sampled it kept with it.</summary>
    [Range(0.0, 1.0)]
    public double TraceSampleRatio { get; set; } = 1.0;

    /// <summary>The OTLP endpoint in force: this section's, else the SDK's environment variable; null when OTLP is off.</summary>
    public static string? OtlpEndpointOf(IConfiguration configuration) =>
        configuration[$"{Section}:{nameof(OtlpEndpoint)}"] is { Length: > 0 } own ? own
        : configuration[OtlpEndpointVariable] is { Length: > 0 } sdk ? sdk
        : null;

    public bool HasValidOtlpEndpoint =>
        OtlpEndpoint is null or "" || (Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https");
}
