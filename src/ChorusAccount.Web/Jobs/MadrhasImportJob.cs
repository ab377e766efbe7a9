using ChorusAccount.Core.Madrhas;
using ChorusAccount.Web.Configuration;
using Hangfire;
using Microsoft.Extensions.Options;

namespace ChorusAccount.Web.Jobs;

/// <summary>The nightly import: the newest extract of the drop folder, then archived so that it is taken once.</summary>
public sealed class MadrhasImportJob(
    MadrhasImporter importer, IOptions<JobsOptions> options, IHostEnvironment environment, TimeProvider timeProvider, ILogger<MadrhasImportJob> logger)
{
    public const string RecurringJobId = "madrhas-import";

    /// <summary>Runs the import; returns false when there was nothing to do or another run holds the lock.</summary>
    // Hangfire's lock keeps two workers apart; the importer's database lock also covers the command line.
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 2)]
    public async Task<bool> RunAsync(CancellationToken ct)
    {
        var jobs = options.Value;
        var extract = NewestExtract(Folder(jobs.DropFolder));
        if (extract is null)
        {
            logger.LogInformation("MADRHAS import: no extract in {DropFolder}", Folder(jobs.DropFolder));
            return false;
        }

        MadrhasImportReport report;
        await using (var stream = extract.OpenRead())
        {
            try
            {
                report = await importer.ImportAsync(stream, extract.Name, new MadrhasImportOptions(jobs.FullExtract, BatchSize: jobs.BatchSize), null, ct);
            }
            catch (MadrhasImportAlreadyRunningException e)
            {
                logger.LogWarning("MADRHAS import not started: {Reason}", e.Message);
                return false;
            }
        }

        // A failed run leaves the file in place (the exception skips this), so the next run takes it again.
        var archive = Directory.CreateDirectory(Folder(jobs.ArchiveFolder));
        var archived = Path.Combine(archive.FullName, $"{timeProvider.GetUtcNow():yyyyMMdd-HHmmss}-{extract.Name}");
        extract.MoveTo(archived, overwrite: true);
        logger.LogInformation("MADRHAS import of {File} done, archived as {Archive}: {Report}", extract.Name, archived, report);
        return true;
    }

    public static FileInfo? NewestExtract(string folder) =>
        Directory.Exists(folder)
            ? new DirectoryInfo(folder).EnumerateFiles("*.csv").OrderByDescending(f => f.LastWriteTimeUtc).ThenByDescending(f => f.Name, StringComparer.Ordinal).FirstOrDefault()
            : null;

    public string DropFolder => Folder(options.Value.DropFolder);

    private string Folder(string path) => Path.IsPathRooted(path) ? path : Path.Combine(environment.ContentRootPath, path);
}
