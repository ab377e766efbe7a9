namespace ChorusAccount.Core.Madrhas;

/// <param name="Full">The extract lists every user: MADRHAS memberships absent from it are ended.</param>
/// <param name="DryRun">Everything is checked and counted, then rolled back, and no run is recorded.</param>
/// <param name="BatchSize">Lines applied and committed together.</param>
public sealed record MadrhasImportOptions(bool Full = false, bool DryRun = false, int BatchSize = MadrhasImportOptions.DefaultBatchSize)
{
    public const int DefaultBatchSize = 2_000;
}
