using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using ChorusAccount.Bench.Pages;
using ChorusAccount.Bench.Shared;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Madrhas;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Structures;
using ChorusAccount.Core.Subscriptions;
using ChorusAccount.Testing;
using ChorusAccount.Web.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChorusAccount.Bench.Pages;

// The signed-in portal under wrk, two scenarios on one harness (bench/Shared: the portal started, agents signed in,
// wrk run and read). By default, page throughput against its own ceiling: the real portal (Release, Kestrel, in this
// process) on a fresh SQLite file filled by the generators (10,000 users, 100,000 structures); one measured user with
// 3 memberships (primary manager of one structure with 50 pending requests), 12 space lines and 10 pièces jointes,
// signed in without a browser; then wrk on /healthz/live (the ceiling: the cheapest endpoint) and on each page,
// one after the other, each ratio measured in this run. « load »: the 128-connection mix of bench/load.sh (LoadBench).
internal static class PagesBench
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["load", .. var loadArgs])
        {
            return await LoadBench.RunAsync(LoadOptions.Parse(loadArgs));
        }

        var options = PagesOptions.Parse(args);
        Wrk.EnsureInstalled();

        var database = options.Postgres ? await TestDatabase.PostgreSqlAsync() : TestDatabase.Sqlite();
        var file = Regex.Match(database.ConnectionString, "Data Source=([^;]+)").Groups[1].Value;
        await using var host = BenchPortal.Start(database, new Dictionary<string, string?>
        {
            // PostgreSQL (--postgres): the test database's own connection string, pooled.
            // The portal's own settings, not the test host's: pooled connections. A browser takes the cookie renewed at
            // each minute's re-read of the account; wrk replays the first one for ever, so with the production minute every
            // request past the first minute would re-read the account and re-issue the cookie. A browser's pace: one
            // re-read per session and minute, nothing that a 20-second run of one session would see more than once.
            ["ConnectionStrings:Default"] = options.Postgres ? database.ConnectionString : $"Data Source={file}",
            ["Session:RevalidationInterval"] = "01:00:00",
            ["Database:LoadDemoData"] = "false",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        }, https: true, production: true,
            services: services => services.AddMvcCore().AddApplicationPart(typeof(PageCeilingController).Assembly));

        var fill = Stopwatch.StartNew();
        var world = await BenchWorld.FillAsync(host, options);
        Console.WriteLine($"Filled in {fill.Elapsed.TotalSeconds:0.0} s: {world.Describe()}");

        using var agent = await host.SignInAsync(world.Login);
        await world.AddDocumentsAsync(agent);
        if (options.Postgres)
        {
            // Autovacuum's work on a live database, done before measuring: left to itself it vacuums and analyses the
            // freshly filled tables a minute later, in the middle of the measures.
            await host.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE"));
        }

        var cookie = agent.CookieHeader(host);
        // The page ceiling is served without authentication: every cookie but the session's (the antiforgery cookie
        // keeps the token written as the real page writes it).
        var cookieWithoutSession = string.Join("; ", cookie.Split("; ").Where(c => !c.StartsWith(AuthenticationSetup.SessionCookieName, StringComparison.Ordinal)));
        await PageCeilingController.PrepareAsync(agent, cookieWithoutSession);

        var searchQuery = "searched=true&City=orleans";
        // Targets (issue 18): every page ≥ 0.6 of the page ceiling; « Mon compte » also ≥ 0.2 of /healthz/live and p99 ≤ 50 ms.
        var pages = new (string Name, string Path, string MustContain, double Target, double HealthTarget)[]
        {
            ("ceiling /healthz/live", "/healthz/live", "Healthy", 0, 1),
            ("page ceiling: « Mon compte » from memory", "/" + PageCeilingController.Path, world.DocumentDesignation, 1, 0),
            ("home /", "/", world.StructureNames[0], 0.6, 0),
            ("Mon compte", "/mon-compte", world.DocumentDesignation, 0.6, 0.2),
            ("Activités du gestionnaire (50 pending)", "/activites-gestionnaire", world.PendingRequesterName, 0.6, 0),
            ("structure search « orleans »", "/mon-compte/rattachements/demande?" + searchQuery, "Sélectionner", 0.6, 0),
        };
        string CookieOf(string path) => path.Contains(PageCeilingController.Path, StringComparison.Ordinal) ? cookieWithoutSession : cookie;
        string UrlOf(string path) => new Uri(host.BaseAddress, path).ToString();

        // Every page is checked first: signed in, 200, its own content — a redirect to the PIGP would measure nothing.
        {
            var check = agent.NoRedirect;
            foreach (var page in pages)
            {
                using var response = await check.GetAsync(page.Path);
                var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
                if (response.StatusCode != HttpStatusCode.OK || !body.Contains(page.MustContain, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"{page.Path}: {(int)response.StatusCode}, « {page.MustContain} » {(body.Contains(page.MustContain) ? "found" : "missing")}");
                }

                Console.WriteLine($"checked {page.Path}: {body.Length / 1024.0:0.0} KB");
            }
        }

        if (options.Hold)
        {
            // For profiling: the filled portal stays up with the signed-in cookie until the process is stopped.
            Console.WriteLine($"Serving {host.BaseAddress} — Cookie: {cookie}");
            await Task.Delay(Timeout.Infinite);
        }

        var warmup = new Wrk(options.Threads, options.Connections, $"{options.WarmupSeconds}s");
        var measure = warmup with { Duration = $"{options.Seconds}s" };

        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; wrk -t{options.Threads} -c{options.Connections} -d{options.Seconds}s each, after rounds of a {options.WarmupSeconds} s warm-up of every page until the JIT is quiet");
        // Every page warmed up before any is measured, round after round until the JIT is quiet: the ceilings share their
        // code (the views, the pipeline) with the pages, and whichever is measured while the JIT still tiers the code up
        // serves at a fraction of its rate (JitWarmUp).
        var warmedUp = await JitWarmUp.UntilQuietAsync(async () =>
        {
            foreach (var page in pages)
            {
                await (warmup with { Cookie = CookieOf(page.Path) }).RunAsync(UrlOf(page.Path));
            }
        });
        Console.WriteLine(warmedUp);
        Console.WriteLine($"{"page",-42}{"req/s",10}{"p50 ms",9}{"p99 ms",9}{"errors",8}{"÷ healthz",11}{"÷ page",8}  target");

        double? health = null, pageCeiling = null;
        var failures = 0;
        foreach (var page in pages)
        {
            var url = UrlOf(page.Path);
            var processor = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            var run = await (measure with { Cookie = CookieOf(page.Path) }).RunAsync(url);
            processor = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - processor;
            health ??= run.RequestsPerSecond;
            pageCeiling ??= page.Target == 1 ? run.RequestsPerSecond : null;
            var ofHealth = run.RequestsPerSecond / health.Value;
            var ofPage = pageCeiling is { } c ? run.RequestsPerSecond / c : double.NaN;
            var p99Target = page.Name == "Mon compte" ? 50 : double.PositiveInfinity;
            var met = ofHealth >= page.HealthTarget && (page.Target is 0 or 1 || ofPage >= page.Target) && run.P99Ms <= p99Target && run.Errors == 0;
            failures += met ? 0 : 1;
            var target = string.Join(", ", new[]
            {
                page.Target is > 0 and < 1 ? $"≥ {page.Target:0.0} of the page ceiling" : null,
                page.HealthTarget is > 0 and < 1 ? $"≥ {page.HealthTarget:0.0} of /healthz/live" : null,
                double.IsFinite(p99Target) ? $"p99 ≤ {p99Target} ms" : null,
            }.Where(t => t is not null));
            Console.WriteLine($"{page.Name,-42}{run.RequestsPerSecond,10:0}{run.P50Ms,9:0.0}{run.P99Ms,9:0.0}{run.Errors,8}{ofHealth,11:0.00}{ofPage,8:0.00}  {target}{(met ? "" : "  ← not met")}");
            BenchResult.Print($"page {page.Name}", run.RequestsPerSecond, "req/s", page.HealthTarget >= 1 ? "ceiling" : page.Target >= 1 ? "page ceiling" : $"≥ {page.Target:0.0} of the page ceiling", double.IsNaN(ofPage) ? ofHealth : ofPage);
            if (page.Target is > 0 and < 1)
            {
                BenchResult.Print($"page {page.Name} of /healthz/live", ofHealth, "ratio", page.HealthTarget > 0 ? $"≥ {page.HealthTarget:0.0}" : "-", ofHealth);
            }

            BenchResult.Print($"page {page.Name} processor", processor.TotalMilliseconds / (run.RequestsPerSecond * options.Seconds), "processor ms per request", "-");
            BenchResult.Print($"page {page.Name} p99", run.P99Ms, "ms", double.IsFinite(p99Target) ? $"≤ {p99Target} ms" : "-");
            if (run.Errors > 0)
            {
                BenchResult.Print($"page {page.Name} errors", run.Errors, "responses", "0");
            }
        }

        Console.WriteLine(failures == 0 ? "Every page target met." : $"{failures} page target(s) not met.");
        return 0;
    }
}
