using System.Globalization;

namespace ChorusAccount.Bench.Pages;

/// <summary>Sizes and wrk settings; the defaults are the ones the performance issue names.</summary>
internal sealed record PagesOptions(int Users, int Structures, int PendingRequests, int Threads, int Connections, int Seconds, int WarmupSeconds, bool Hold = false, bool Postgres = false)
{
    public static PagesOptions Parse(string[] args)
    {
        var options = new PagesOptions(Users: 10_000, Structures: 100_000, PendingRequests: 50, Threads: 2, Connections: 64, Seconds: 20, WarmupSeconds: 5);
        if (args.Contains("--postgres"))
        {
            options = options with { Postgres = true };
            args = [.. args.Where(a => a != "--postgres")];
        }

        if (args.Contains("--hold"))
        {
            options = options with { Hold = true };
            args = [.. args.Where(a => a != "--hold")];
        }

        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--users" => options with { Users = value },
                "--structures" => options with { Structures = value },
                "--threads" => options with { Threads = value },
                "--connections" => options with { Connections = value },
                "--seconds" => options with { Seconds = value },
                "--warmup" => options with { WarmupSeconds = value },
                _ => throw new ArgumentException($"Unknown option {args[i]} (--users, --structures, --threads, --connections, --seconds, --warmup, --hold)"),
            };
        }

        return options;
    }
}
