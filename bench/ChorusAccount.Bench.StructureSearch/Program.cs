using System.Diagnostics;
using System.Globalization;
using ChorusAccount.Bench.Shared;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Structures;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

// « demo-csv <path> »: regenerates the portal's demo directory. Otherwise the search benchmark ([--structures N]):
// 100,000 structures with their services in a SQLite file migrated like the portal's, then each kind of search
// timed many times (after all were run 10 times, then 10 more each); prints p50 and p95 per search and the p95 over
// the 20 ms target, and the RESULT lines of bench/run.sh.
const int DemoCount = 300;
const int Runs = 200;
const double TargetMs = 20;

if (args is ["demo-csv", var demoPath])
{
    var lines = new[] { StructureDirectoryLoader.Header }
        .Concat(StructureDirectoryGenerator.DemoAnchors)
        .Concat(new StructureDirectoryGenerator(seed: 45000).Lines(DemoCount));
    await File.WriteAllLinesAsync(demoPath, lines);
    Console.WriteLine($"{demoPath}: {DemoCount + StructureDirectoryGenerator.DemoAnchors.Length} structures");
    return;
}

var benchCount = args is ["--structures", var count] ? int.Parse(count, CultureInfo.InvariantCulture)
    : args is [] ? 100_000 : throw new ArgumentException("usage: demo-csv PATH | [--structures N]");
var file = Path.Combine(Path.GetTempPath(), $"chorus-bench-search-{Guid.NewGuid():N}.db");
try
{
    await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
    await connection.OpenAsync();
    var options = new DbContextOptionsBuilder<ChorusAccountDbContext>()
        .UseSqlite(connection, o => o.MigrationsAssembly("ChorusAccount.Migrations.Sqlite")).UseComposedRules().Options;
    await using (var db = new ChorusAccountDbContext(options))
    {
        await db.Database.MigrateAsync();
    }

    var load = Stopwatch.StartNew();
    var directory = string.Join('\n', new[] { StructureDirectoryLoader.Header }
        .Concat(StructureDirectoryGenerator.DemoAnchors)
        .Concat(new StructureDirectoryGenerator(seed: 7).Lines(benchCount)));
    await using (var db = new ChorusAccountDbContext(options))
    {
        var report = await new StructureDirectoryLoader(db, TimeProvider.System).LoadAsync(new StringReader(directory), CancellationToken.None);
        Console.WriteLine($"Loaded {report.Created} structures and {report.ServicesCreated} services in {load.Elapsed.TotalSeconds:0.0} s ({report.Rejections.Count} rejected)");
    }

    var searches = new (string Name, StructureSearchCriteria Criteria)[]
    {
        ("ville « orleans »", new(City: "orleans")),
        ("raison sociale « ccas »", new(CompanyName: "centre communal")),
        ("raison sociale + ville", new(CompanyName: "hospitalier", City: "tours")),
        ("libellé rare « Épinal »", new(Label: "epinal")),
        ("aucun résultat", new(CompanyName: "introuvable")),
        ("SIRET", new(Identifier: "21450234500017")),
        ("code postal", new(PostalCode: "45430")),
        ("SIREN (9 chiffres)", new(Identifier: "214502345")),
        ("département « 45 »", new(PostalCode: "45")),
        ("département + raison sociale", new(PostalCode: "37", CompanyName: "commune")),
        ("nom (particulier)", new(IdentifierType: StructureIdentifierType.Particulier, LastName: "dupont")),
    };

    Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; {Runs} runs per search after 10 warm-up runs of every search, then 10 of its own");
    Console.WriteLine($"Load average before the searches: {LoadAverage()}");
    Console.WriteLine($"{"search",-26}{"total",8}{"p50 ms",9}{"p95 ms",9}{"p95/20ms",10}");
    await using var context = new ChorusAccountDbContext(options);
    var search = new SearchStructures(context);
    // Every kind once before any is timed: the first kind timed must not pay the process's JIT warm-up alone.
    foreach (var (_, criteria) in searches)
    {
        for (var i = 0; i < 10; i++)
        {
            await search.ExecuteAsync(criteria, 1, CancellationToken.None);
        }
    }

    var structures = benchCount.ToString("N0", CultureInfo.InvariantCulture);
    foreach (var (name, criteria) in searches)
    {
        var times = new List<double>(Runs);
        StructureSearchPage? page = null;
        for (var i = 0; i < Runs + 10; i++)
        {
            var watch = Stopwatch.StartNew();
            page = await search.ExecuteAsync(criteria, 1, CancellationToken.None);
            if (i >= 10)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        times.Sort();
        var p50 = times[times.Count / 2];
        var p95 = times[(int)Math.Ceiling(times.Count * 0.95) - 1];
        var total = page!.MoreThanTotal ? $">{page.Total}" : page.Total.ToString(CultureInfo.InvariantCulture);
        Console.WriteLine($"{name,-26}{total,8}{p50,9:0.00}{p95,9:0.00}{p95 / TargetMs,10:0.00}");
        BenchResult.Print($"search {name}: p95 over {structures} structures", p95, "ms", $"≤ {TargetMs} ms");
    }

    Console.WriteLine($"Load average after the searches: {LoadAverage()}");
}
finally
{
    SqliteConnection.ClearAllPools();
    File.Delete(file);
}

// The machine may be shared: its 1, 5 and 15-minute load averages say how much (Linux only).
static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
