using System.Diagnostics;
using ChorusAccount.Web.Infrastructure;
using ChorusAccount.Web.Tests.Infrastructure;

namespace ChorusAccount.Web.Tests.Data;

/// <summary>
/// A file named on the command line is read from where the operator stands. `dotnet run --project src/ChorusAccount.Web`
/// starts the portal in its project folder and keeps the shell's `PWD`: these runs do the same (the portal's own folder
/// as working directory, the operator's folder in `PWD`).
/// </summary>
public sealed class CommandLinePathsTests : IDisposable
{
    private readonly string _operator = Directory.CreateTempSubdirectory("chorus-operator-").FullName;

    public void Dispose() => Directory.Delete(_operator, recursive: true);

    private async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, string? shellDirectory, params string[] arguments)
    {
        var start = PortalExecutable.StartInfo([.. arguments,
            "Database:Provider=Sqlite", "Database:MigrateAtStartup=true", "Database:LoadDemoData=false",
            // Started from another folder, the portal does not find its appsettings files: the settings a verb needs, given here.
            "Pigp:Embedded=true", "Pigp:ClientSecret=secret-des-tests-de-chemins",
            $"ConnectionStrings:Default=Data Source={Path.Combine(_operator, "portal.db")}", "Serilog:MinimumLevel:Default=Warning"], workingDirectory);
        if (shellDirectory is null)
        {
            start.Environment.Remove("PWD");
        }
        else
        {
            start.Environment["PWD"] = shellDirectory;
        }

        var (exitCode, output, errors) = await PortalExecutable.RunAsync(start);
        return (exitCode, output + errors);
    }

    [Fact]
    public async Task A_relative_path_is_read_from_the_shell_directory_not_from_the_portal_folder()
    {
        Directory.CreateDirectory(Path.Combine(_operator, "extraits"));
        await File.WriteAllTextAsync(Path.Combine(_operator, "extraits", "madrhas.csv"), MadrhasExtract.Of(MadrhasExtract.Line("chemin1")));

        var (exitCode, output) = await RunAsync(AppContext.BaseDirectory, _operator, "import-madrhas", Path.Combine("extraits", "madrhas.csv"), "--dry-run");

        Assert.True(exitCode == 0, output);
        Assert.Matches(@"users created\s+1\b", output);
    }

    [Fact]
    public async Task Without_a_shell_directory_a_relative_path_is_read_from_the_working_directory()
    {
        await File.WriteAllTextAsync(Path.Combine(_operator, "madrhas.csv"), MadrhasExtract.Of(MadrhasExtract.Line("chemin2")));

        var (exitCode, output) = await RunAsync(_operator, shellDirectory: null, "import-madrhas", "madrhas.csv", "--dry-run");

        Assert.True(exitCode == 0, output);
        Assert.Matches(@"users created\s+1\b", output);
    }

    [Fact]
    public async Task A_missing_relative_file_is_named_where_it_was_looked_for()
    {
        var (exitCode, output) = await RunAsync(AppContext.BaseDirectory, _operator, "import-madrhas", "absent.csv");

        Assert.Equal(2, exitCode);
        Assert.Contains($"File not found: {Path.Combine(_operator, "absent.csv")}", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("extrait.csv", "/home/operateur", "/app", "/home/operateur/extrait.csv")]
    [InlineData("../extrait.csv", "/home/operateur/data", "/app", "/home/operateur/extrait.csv")]
    [InlineData("/srv/madrhas/extrait.csv", "/home/operateur", "/app", "/srv/madrhas/extrait.csv")]
    [InlineData("extrait.csv", null, "/app", "/app/extrait.csv")]
    [InlineData("extrait.csv", "relatif/dossier", "/app", "/app/extrait.csv")]
    public void Operator_path_resolves_against_the_shell_directory_when_there_is_one(string path, string? shell, string current, string expected)
    {
        // The rule itself, on folders that exist here: the shell's folder when it exists, else the process's.
        string Here(string folder) => folder.Replace("/home/operateur", _operator, StringComparison.Ordinal);
        if (shell is not null && Path.IsPathFullyQualified(shell))
        {
            Directory.CreateDirectory(Here(shell));
        }

        Assert.Equal(Here(expected), CommandLineVerbs.OperatorPath(path, shell is null ? null : Here(shell), current));
    }
}
