using ChorusAccount.Core.Madrhas;

namespace ChorusAccount.Web.Models;

/// <summary>The operators' imports page: the last runs, the one going on, and whether an extract waits.</summary>
public sealed record ImportsPage(IReadOnlyList<MadrhasImportRun> Runs, MadrhasImportRun? Running, string DropFolder, bool ExtractWaiting);

/// <summary>One run and the first of its rejected lines (all of them are in the CSV download).</summary>
public sealed record ImportRunPage(MadrhasImportRun Run, IReadOnlyList<MadrhasRejectedRecord> RejectedRecords, int Shown);

/// <summary>The operators' digests page: counts per day and status, and the digests that failed.</summary>
public sealed record DigestsPage(IReadOnlyList<ChorusAccount.Core.Notifications.DigestDayCounts> Days, IReadOnlyList<ChorusAccount.Core.Notifications.FailedDigest> Failures, int Shown);
