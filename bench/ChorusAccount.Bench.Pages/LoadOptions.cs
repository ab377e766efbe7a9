using System.Globalization;

namespace ChorusAccount.Bench.Pages;

/// <summary>The load scenario's settings; the defaults are the ones the load issue names (wrk -t2 -c128 -d60s, 32 agents).</summary>
internal sealed record LoadOptions(bool Postgres, int Agents, int Threads, int Connections, string Duration)
{
    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions(Postgres: false, Agents: 32, Threads: 2, Connections: 128, Duration: "60s");
        if (args.Contains("--postgres"))
        {
            options = options with { Postgres = true };
            args = [.. args.Where(a => a != "--postgres")];
        }

        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--agents" => options with { Agents = int.Parse(value, CultureInfo.InvariantCulture) },
                "--threads" => options with { Threads = int.Parse(value, CultureInfo.InvariantCulture) },
                "--connections" => options with { Connections = int.Parse(value, CultureInfo.InvariantCulture) },
                "--duration" => options with { Duration = value },
                _ => throw new ArgumentException($"Unknown option {args[i]} (load [--postgres] [--agents N] [--threads N] [--connections N] [--duration 60s])"),
            };
        }

        return options;
    }
}
