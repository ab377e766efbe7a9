using ChorusAccount.Core.Data;
using ChorusAccount.Core.Madrhas;

namespace ChorusAccount.Core.Tests.Support;

/// <summary>Runs the importer the way the job does, with a file name for the run's record.</summary>
internal static class Import
{
    public static Task<MadrhasImportReport> RunAsync(
        ChorusAccountDbContext db, TimeProvider time, Stream extract, MadrhasImportOptions? options = null,
        IProgress<MadrhasImportReport>? progress = null, CancellationToken ct = default) =>
        new MadrhasImporter(db, time).ImportAsync(extract, "madrhas-test.csv", options ?? new MadrhasImportOptions(), progress, ct);
}
