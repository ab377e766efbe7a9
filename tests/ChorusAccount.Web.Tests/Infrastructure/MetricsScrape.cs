using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace ChorusAccount.Web.Tests.Infrastructure;

/// <summary>One read of `/metrics` (the Prometheus text format), and its samples by name and labels.</summary>
public sealed partial class MetricsScrape(string text)
{
    public string Text => text;

    /// <summary>GET <paramref name="address"/> with <paramref name="http"/>: 200 in the Prometheus text format, or the test fails.</summary>
    public static async Task<MetricsScrape> ReadAsync(HttpClient http, string address = "/metrics")
    {
        using var response = await http.GetAsync(address);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {address} answered {(int)response.StatusCode}: {body}");
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return new MetricsScrape(body);
    }

    /// <summary>
    /// Reads until <paramref name="done"/> holds, for at most 20 s: the exporter serves a scrape again for a moment, and a
    /// job's run is counted just after its work is in the database. The last read is returned either way, for the asserts.
    /// </summary>
    public static async Task<MetricsScrape> ReadUntilAsync(Func<Task<MetricsScrape>> read, Func<MetricsScrape, bool> done)
    {
        var scrape = await read();
        for (var attempt = 0; attempt < 100 && !done(scrape); attempt++)
        {
            await Task.Delay(200);
            scrape = await read();
        }

        return scrape;
    }

    /// <summary>The sum of the samples of <paramref name="name"/> whose labels include all of <paramref name="labels"/>; 0 when there is none.</summary>
    public double Value(string name, params (string Key, string Value)[] labels)
    {
        var sum = 0.0;
        foreach (var line in text.Split('\n'))
        {
            var sample = Sample().Match(line);
            if (!sample.Success || sample.Groups["name"].Value != name)
            {
                continue;
            }

            var present = sample.Groups["labels"].Value;
            if (labels.All(l => present.Contains($"{l.Key}=\"{l.Value}\"", StringComparison.Ordinal)))
            {
                sum += double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }

    public override string ToString() => text;

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})?\s+(?<value>\S+)""")]
    private static partial Regex Sample();
}
