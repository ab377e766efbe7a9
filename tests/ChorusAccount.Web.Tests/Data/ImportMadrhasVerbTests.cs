using System.Diagnostics;
using System.Text.Json;
using ChorusAccount.Web.Tests.Infrastructure;

namespace ChorusAccount.Web.Tests.Data;

/// <summary>`import-madrhas FILE [--dry-run] [--full]`, run as an operator would: the portal's own executable.</summary>
public sealed class ImportMadrhasVerbTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("chorus-verb-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        var (exitCode, output, errors) = await PortalExecutable.RunAsync(PortalExecutable.StartInfo([.. arguments,
            "Database:Provider=Sqlite", "Database:MigrateAtStartup=true", "Database:LoadDemoData=false",
            $"ConnectionStrings:Default=Data Source={Path.Combine(_folder, "portal.db")}", "Serilog:MinimumLevel:Default=Warning"]));
        return (exitCode, output + errors);
    }

    private async Task<string> ExtractAsync(params string[] lines)
    {
        var path = Path.Combine(_folder, "extraction.csv");
        await File.WriteAllTextAsync(path, MadrhasExtract.Of(lines));
        return path;
    }

    [Fact]
    public async Task Import_prints_the_report_then_a_second_run_changes_nothing()
    {
        var file = await ExtractAsync(MadrhasExtract.Line("verbe1"), MadrhasExtract.Line("verbe2", role: "CHEF"));

        var (exitCode, output) = await RunAsync("import-madrhas", file, "--full");

        Assert.True(exitCode == 0, output);
        Assert.Contains("MADRHAS import, full extract", output, StringComparison.Ordinal);
        Assert.Matches(@"users created\s+1\b", output);
        Assert.Contains("line 3 (verbe2): Rôle inconnu : CHEF", output, StringComparison.Ordinal);

        var (_, again) = await RunAsync("import-madrhas", file, "--full");
        Assert.Matches(@"users created\s+0\b", again);
        Assert.Matches(@"memberships created\s+0\b", again);
    }

    [Fact]
    public void The_executable_runs_the_server_collector_conserving_memory()
    {
        // What the verbs (and the nightly job inside the portal) run with: src/PortalRuntime.props. Without memory conserved,
        // a million-line import from the command line peaked at about 440 MB (docs/PERFORMANCE.md).
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ChorusAccount.Web.runtimeconfig.json")));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.Equal(9, properties.GetProperty("System.GC.ConserveMemory").GetInt32());
    }

    [Fact]
    public async Task Dry_run_counts_but_writes_nothing()
    {
        var file = await ExtractAsync(MadrhasExtract.Line("verbe3"));

        var (_, dry) = await RunAsync("import-madrhas", file, "--dry-run");
        var (_, real) = await RunAsync("import-madrhas", file);

        Assert.Contains("dry run: nothing was written", dry, StringComparison.Ordinal);
        Assert.Matches(@"users created\s+1\b", dry);
        Assert.Matches(@"users created\s+1\b", real);
    }

    [Fact]
    public async Task Refused_file_exits_with_1_and_a_missing_file_with_2()
    {
        var refused = Path.Combine(_folder, "vide.csv");
        await File.WriteAllTextAsync(refused, "");

        var (refusedCode, refusedOutput) = await RunAsync("import-madrhas", refused);
        var (missingCode, missingOutput) = await RunAsync("import-madrhas", Path.Combine(_folder, "absent.csv"));

        Assert.Equal(1, refusedCode);
        Assert.Contains("file 1: Fichier vide : la ligne d'en-tête est absente", refusedOutput, StringComparison.Ordinal);
        Assert.Equal(2, missingCode);
        Assert.Contains("File not found", missingOutput, StringComparison.Ordinal);
    }
}
