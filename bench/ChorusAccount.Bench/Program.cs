using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using ChorusAccount.Bench;
using ChorusAccount.Bench.Shared;
using ChorusAccount.Core.Madrhas;
using Microsoft.EntityFrameworkCore;

// MADRHAS import benchmark: dotnet run -c Release --project bench/ChorusAccount.Bench -- [--lines N] [--engines sqlite,postgres]
//   [--postgres CONNECTION] [--batch N] [--shape standard|heavy] (heavy: users on one to three structures, two services on 40 % of
//   the records, one structure per 40 records). Prints the reader's time alone, then, per engine, the import, the re-import and the raw-insert
//   ceiling, measured side by side, and the RESULT lines of bench/run.sh (the targets are the issue's, for 1,000,000 lines).
//   Several engines run one after the other, each in a process of its own.
var lines = int.Parse(Option("--lines") ?? "1000000", CultureInfo.InvariantCulture);
var batch = int.Parse(Option("--batch") ?? MadrhasImportOptions.DefaultBatchSize.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
var engines = (Option("--engines") ?? "sqlite,postgres").Split(',', StringSplitOptions.RemoveEmptyEntries);
var postgres = Option("--postgres") ?? Environment.GetEnvironmentVariable("CHORUS_TEST_POSTGRES");
var shape = Enum.Parse<ExtractShape>(Option("--shape") ?? nameof(ExtractShape.Standard), ignoreCase: true);

if (engines.Length > 1)
{
    // One process per engine, as the operator's command line runs one import: the peak memory of the second engine's
    // import does not carry what the first one's left in the process (the collector's heap, the native allocator's pages).
    foreach (var engine in engines)
    {
        var exit = await RunAloneAsync(engine);
        if (exit != 0)
        {
            return exit;
        }
    }

    return 0;
}
// The RESULT lines of the heavy shape are named apart, so that bench/run.sh shows both shapes side by side.
var label = shape == ExtractShape.Standard ? "import" : "import " + shape.ToString().ToLowerInvariant();

Console.WriteLine($"Machine: {Machine()}");
var extract = Path.Combine(Path.GetTempPath(), $"madrhas-bench-{shape.ToString().ToLowerInvariant()}-{lines}.csv");
var generation = Stopwatch.StartNew();
ExtractGenerator.Write(extract, lines, shape: shape);
Console.WriteLine($"Extract ({shape.ToString().ToLowerInvariant()}): {lines:N0} lines, {new FileInfo(extract).Length / 1048576.0:N1} MB, generated in {generation.Elapsed.TotalSeconds:N1} s; batch size {batch:N0}");
Console.WriteLine();
Console.WriteLine($"{"engine",-9} {"measure",-22} {"seconds",9} {"peak MB",8} {"rows",11} {"rows/s",10}  note");

var parse = Stopwatch.StartNew();
var parsed = 0;
await using (var file = File.OpenRead(extract))
{
    await foreach (var record in MadrhasCsvReader.ReadAsync(file))
    {
        parsed += record is MadrhasValidRecord ? 1 : 0;
    }
}

Print("", "read only (parse)", parse.Elapsed.TotalSeconds, double.NaN, parsed, "the reader alone, shared by the import and the ceiling");

foreach (var engine in engines)
{
    await using var imported = await BenchDatabase.CreateAsync(engine, postgres);
    var first = await ImportAsync(imported);
    var rows = await imported.CountRowsAsync();
    Print(engine, "import", first.Seconds, first.PeakMb, rows, $"{first.Report.RecordsRead:N0} lines, {first.Report.RejectedRecords.Count} rejected");
    var second = await ImportAsync(imported);
    Print(engine, "re-import (same file)", second.Seconds, second.PeakMb, null, second.Report.HasChanges ? "CHANGES: " + second.Report : "0 changes");

    await using var raw = await BenchDatabase.CreateAsync(engine, postgres);
    long rawRows;
    var rawTime = Stopwatch.StartNew();
    using (var memory = new PeakMemory())
    {
        await using var db = raw.CreateContext();
        // Opened through EF Core, so that the connection gets the portal's settings as the import's does.
        await db.Database.OpenConnectionAsync();
        rawRows = await RawInsert.RunAsync(db.Database.GetDbConnection(), extract, batch);
        rawTime.Stop();
        Print(engine, "raw batched insert", rawTime.Elapsed.TotalSeconds, memory.PeakBytes / 1048576.0, rawRows, "ceiling");
    }

    var rawRate = rawRows / rawTime.Elapsed.TotalSeconds;
    var ratio = rows / first.Seconds / rawRate;
    Console.WriteLine($"{engine,-9} {"import / ceiling",-22} {ratio,9:N2}");
    Console.WriteLine();

    var size = lines.ToString("N0", CultureInfo.InvariantCulture) + " lines";
    BenchResult.Print($"{label} {engine}: import of {size}", first.Seconds, "s", "≤ 60 s for 1,000,000 lines");
    BenchResult.Print($"{label} {engine}: import rows/s", rows / first.Seconds, "rows/s", "≥ 0.50 of ceiling", ratio);
    BenchResult.Print($"{label} {engine}: raw batched insert rows/s", rawRate, "rows/s", "ceiling", 1);
    BenchResult.Print($"{label} {engine}: re-import of {size}", second.Seconds, "s", "≤ 20 s for 1,000,000 lines");
    BenchResult.Print($"{label} {engine}: peak memory (import, re-import)", Math.Max(first.PeakMb, second.PeakMb), "MB", "≤ 400 MB");
}

File.Delete(extract);
return 0;

// This benchmark again, with the same options, on one engine; its output goes on as this process's.
async Task<int> RunAloneAsync(string engine)
{
    var self = Environment.ProcessPath!;
    var start = new ProcessStartInfo(self) { UseShellExecute = false };
    if (Path.GetFileNameWithoutExtension(self) == "dotnet")
    {
        start.ArgumentList.Add(typeof(BenchDatabase).Assembly.Location);
    }

    for (var i = 0; i < args.Length; i++)
    {
        start.ArgumentList.Add(args[i]);
        if (args[i] == "--engines")
        {
            start.ArgumentList.Add(engine);
            i++;
        }
    }

    if (!args.Contains("--engines"))
    {
        start.ArgumentList.Add("--engines");
        start.ArgumentList.Add(engine);
    }

    using var child = Process.Start(start)!;
    await child.WaitForExitAsync();
    return child.ExitCode;
}

async Task<(double Seconds, double PeakMb, MadrhasImportReport Report)> ImportAsync(BenchDatabase database)
{
    GC.Collect();
    using var memory = new PeakMemory();
    var watch = Stopwatch.StartNew();
    await using var db = database.CreateContext();
    await using var file = File.OpenRead(extract);
    var report = await new MadrhasImporter(db, TimeProvider.System)
        .ImportAsync(file, Path.GetFileName(extract), new MadrhasImportOptions(Full: true, BatchSize: batch), null, CancellationToken.None);
    return (watch.Elapsed.TotalSeconds, memory.PeakBytes / 1048576.0, report);
}

// The machine may be shared: the load average at the end of each measure says how much.
void Print(string engine, string measure, double seconds, double peakMb, long? rows, string note) =>
    Console.WriteLine($"{engine,-9} {measure,-22} {seconds,9:N1} {(double.IsNaN(peakMb) ? "" : peakMb.ToString("N0", CultureInfo.InvariantCulture)),8} {rows?.ToString("N0", CultureInfo.InvariantCulture),11} "
        + $"{(rows is { } r ? (r / seconds).ToString("N0", CultureInfo.InvariantCulture) : ""),10}  {note}{LoadAverage()}");

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? $" (load average {string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))})" : "";

string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

static string Machine()
{
    var cpu = File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
        : null;
    var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1073741824.0;
    return $"{cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}, {Environment.ProcessorCount} cores, {memory:N0} GB, "
        + $"{RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}";
}
