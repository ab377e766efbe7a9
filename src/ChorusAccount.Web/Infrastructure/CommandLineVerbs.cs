using ChorusAccount.Core.Madrhas;
using ChorusAccount.Web.Configuration;
using ChorusAccount.Web.Data;
using ChorusAccount.Web.Jobs;
using Microsoft.Extensions.Options;

namespace ChorusAccount.Web.Infrastructure;

/// <summary>Operations run from the command line: `dotnet ChorusAccount.Web.dll migrate`, `… import-madrhas FILE [--dry-run] [--full]`, `… send-digests`, `… expire-memberships`.</summary>
public static class CommandLineVerbs
{
    public const string Migrate = "migrate";
    public const string ImportMadrhas = "import-madrhas";
    public const string SendDigests = "send-digests";
    public const string ExpireMemberships = "expire-memberships";

    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal) { Migrate, ImportMadrhas, SendDigests, ExpireMemberships };

    /// <summary>The verb's own flags; they are taken out of the host's configuration arguments.</summary>
    public static readonly IReadOnlySet<string> Flags = new HashSet<string>(StringComparer.Ordinal) { "--dry-run", "--full" };

    /// <param name="arguments">What follows the verb, configuration (`key=value`) excluded.</param>
    public static async Task<int> RunAsync(string verb, IReadOnlyList<string> arguments, WebApplication app, TextWriter output)
    {
        switch (verb)
        {
            case Migrate:
                await StartupTasks.MigrateAsync(app.Services);
                await output.WriteLineAsync("Database migrated.");
                return 0;
            case ImportMadrhas:
                return await ImportAsync(arguments, app, output);
            case SendDigests:
                return await SendDigestsAsync(arguments, app, output);
            case ExpireMemberships:
                return await ExpireMembershipsAsync(arguments, app, output);
            default:
                await output.WriteLineAsync($"Unknown verb: {verb}");
                return 2;
        }
    }

    private static async Task<int> ImportAsync(IReadOnlyList<string> arguments, WebApplication app, TextWriter output)
    {
        var files = arguments.Where(a => !Flags.Contains(a)).ToList();
        var unknown = files.Where(a => a.StartsWith('-')).ToList();
        if (files.Count != 1 || unknown.Count > 0)
        {
            await output.WriteLineAsync("Usage: import-madrhas FILE [--dry-run] [--full]");
            return 2;
        }

        var file = OperatorPath(files[0], Environment.GetEnvironmentVariable("PWD"), Environment.CurrentDirectory);
        if (!File.Exists(file))
        {
            await output.WriteLineAsync($"File not found: {file}");
            return 2;
        }

        if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateAtStartup)
        {
            await StartupTasks.MigrateAsync(app.Services);
        }

        var jobs = app.Services.GetRequiredService<IOptions<JobsOptions>>().Value;
        var options = new MadrhasImportOptions(Full: arguments.Contains("--full"), DryRun: arguments.Contains("--dry-run"), BatchSize: jobs.BatchSize);
        await using var scope = app.Services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<MadrhasImporter>();
        await using var extract = File.OpenRead(file);
        MadrhasImportReport report;
        try
        {
            report = await importer.ImportAsync(extract, Path.GetFileName(file), options, new ConsoleProgress(output), app.Lifetime.ApplicationStopping);
        }
        catch (MadrhasImportAlreadyRunningException e)
        {
            await output.WriteLineAsync(e.Message);
            return 3;
        }

        await MadrhasReportWriter.WriteAsync(report, options, output);
        return report.FileRejected ? 1 : 0;
    }

    /// <summary>
    /// A file named on the command line, read from where the operator stands: an absolute path as it is, a relative one
    /// against the shell's current directory (`PWD`). `dotnet run` starts the portal in its project folder (the Web SDK's
    /// `RunWorkingDirectory`) but keeps the shell's `PWD`; without a shell (`PWD` unset, or not an existing absolute
    /// folder) the process's own current directory is the operator's.
    /// </summary>
    internal static string OperatorPath(string path, string? shellDirectory, string currentDirectory)
    {
        var from = !string.IsNullOrEmpty(shellDirectory) && Path.IsPathFullyQualified(shellDirectory) && Directory.Exists(shellDirectory)
            ? shellDirectory
            : currentDirectory;
        return Path.GetFullPath(path, from);
    }

    /// <summary>The daily digest run now, as the recurring job runs it: plan today's digests, send what is due.</summary>
    private static async Task<int> SendDigestsAsync(IReadOnlyList<string> arguments, WebApplication app, TextWriter output)
    {
        if (arguments.Count > 0)
        {
            await output.WriteLineAsync("Usage: send-digests");
            return 2;
        }

        if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateAtStartup)
        {
            await StartupTasks.MigrateAsync(app.Services);
        }

        await using var scope = app.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<DigestJob>().RunAsync(app.Lifetime.ApplicationStopping);
        await output.WriteLineAsync($"Digests of {report.Day:yyyy-MM-dd}: {report.Planned:N0} planned, {report.Sent:N0} sent, {report.Failed:N0} failed, "
            + $"{report.Retried:N0} to retry, {report.Skipped:N0} skipped, {report.Released:N0} released; {report.StillQueued:N0} still queued.");
        return report.StillQueued > 0 ? 1 : 0;
    }

    /// <summary>The daily pass over the validity dates run now, as the recurring job runs it.</summary>
    private static async Task<int> ExpireMembershipsAsync(IReadOnlyList<string> arguments, WebApplication app, TextWriter output)
    {
        if (arguments.Count > 0)
        {
            await output.WriteLineAsync("Usage: expire-memberships");
            return 2;
        }

        if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateAtStartup)
        {
            await StartupTasks.MigrateAsync(app.Services);
        }

        await using var scope = app.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<MembershipExpiryJob>().RunAsync(app.Lifetime.ApplicationStopping);
        await output.WriteLineAsync($"Validity dates of {report.Day:yyyy-MM-dd}: {report.Ended:N0} memberships ended, {report.Announced:N0} end dates announced.");
        return 0;
    }

    /// <summary>A line every 100,000 lines read: enough to see a million-line run move.</summary>
    private sealed class ConsoleProgress(TextWriter output) : IProgress<MadrhasImportReport>
    {
        private int _shown;

        public void Report(MadrhasImportReport value)
        {
            if (value.RecordsRead / 100_000 > _shown)
            {
                _shown = value.RecordsRead / 100_000;
                output.WriteLine($"{value.RecordsRead:N0} lines read, {value.RejectedRecords.Count:N0} rejected…");
            }
        }
    }
}
