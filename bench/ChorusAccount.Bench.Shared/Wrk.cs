using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ChorusAccount.Bench.Shared;

/// <summary>What wrk's summary says: requests, requests/s, latency percentiles, non-2xx-3xx responses and socket errors.</summary>
public sealed record WrkRun(long Requests, double RequestsPerSecond, double P50Ms, double P99Ms, long HttpErrors, long SocketErrors, string Report)
{
    public long Errors => HttpErrors + SocketErrors;
}

/// <summary>
/// One run of Debian's wrk against the portal, read back from its summary: <see cref="Cookie"/> sends one agent's
/// session with every request; <see cref="Script"/> lets a Lua script write the requests instead.
/// </summary>
public sealed partial record Wrk(int Threads, int Connections, string Duration)
{
    private const string Executable = "/usr/bin/wrk";

    /// <summary>The Cookie header sent with every request.</summary>
    public string? Cookie { get; init; }

    /// <summary>A Lua script (wrk's -s).</summary>
    public string? Script { get; init; }

    /// <summary>wrk's --timeout (its own default otherwise: 2 s).</summary>
    public string? Timeout { get; init; }

    public static void EnsureInstalled()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException("wrk is missing: apt-get install wrk (bench/run.sh and bench/load.sh install it).");
        }
    }

    /// <summary>The command line, as it is printed beside the results (without the cookie: a session is a secret).</summary>
    public string Describe(string url) =>
        $"wrk -t{Threads} -c{Connections} -d{Duration}{(Timeout is null ? "" : $" --timeout {Timeout}")} --latency{(Script is null ? "" : $" -s {Path.GetFileName(Script)}")} {url}";

    public async Task<WrkRun> RunAsync(string url)
    {
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in Arguments(url))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk failed ({process.ExitCode}): {await error}{await output}");
        }

        return Parse(await output);
    }

    /// <summary>A latency as wrk prints it: two decimals in us, ms, s or m.</summary>
    public static string FormatLatency(double ms) => ms switch
    {
        < 1 => string.Create(CultureInfo.InvariantCulture, $"{ms * 1000:0.00}us"),
        < 1000 => string.Create(CultureInfo.InvariantCulture, $"{ms:0.00}ms"),
        < 60_000 => string.Create(CultureInfo.InvariantCulture, $"{ms / 1000:0.00}s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{ms / 60_000:0.00}m"),
    };

    private IEnumerable<string> Arguments(string url)
    {
        yield return $"-t{Threads}";
        yield return $"-c{Connections}";
        yield return $"-d{Duration}";
        if (Timeout is not null)
        {
            yield return "--timeout";
            yield return Timeout;
        }

        yield return "--latency";
        if (Cookie is not null)
        {
            yield return "-H";
            yield return $"Cookie: {Cookie}";
        }

        if (Script is not null)
        {
            yield return "-s";
            yield return Script;
        }

        yield return url;
    }

    private static WrkRun Parse(string output)
    {
        var requests = long.Parse(Requests().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var rps = double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var non2xx = NonSuccess().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socket = SocketErrors().Match(output) is { Success: true } s
            ? s.Groups.Cast<Group>().Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture))
            : 0;
        return new WrkRun(requests, rps, Percentile(output, "50%"), Percentile(output, "99%"), non2xx, socket, output);
    }

    private static double Percentile(string output, string label)
    {
        var match = Regex.Match(output, $@"^\s+{Regex.Escape(label)}\s+([\d.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline);
        if (!match.Success)
        {
            throw new InvalidOperationException($"No {label} latency in wrk's output:\n{output}");
        }

        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "us" => value / 1000,
            "ms" => value,
            "s" => value * 1000,
            _ => value * 60_000,
        };
    }

    [GeneratedRegex(@"(\d+) requests in ")]
    private static partial Regex Requests();

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
