using ChorusAccount.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Madrhas;

/// <summary>The import runs for the operators' page, newest first, and each run's rejected records.</summary>
public sealed class GetImportRuns(ChorusAccountDbContext db, TimeProvider timeProvider)
{
    public const int PageSize = 50;

    public async Task<IReadOnlyList<MadrhasImportRun>> ListAsync(CancellationToken ct) =>
        await db.MadrhasImportRuns.AsNoTracking().OrderByDescending(r => r.StartedAt).Take(PageSize).ToListAsync(ct);

    public Task<MadrhasImportRun?> FindAsync(Guid id, CancellationToken ct) =>
        db.MadrhasImportRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);

    /// <summary>In file order; <paramref name="take"/> bounds what a page shows, the CSV download takes them all.</summary>
    public async Task<IReadOnlyList<MadrhasRejectedRecord>> RejectedRecordsAsync(Guid runId, int? take, CancellationToken ct)
    {
        var query = db.MadrhasRejectedRecords.AsNoTracking().Where(l => l.RunId == runId).OrderBy(l => l.IsFileError).ThenBy(l => l.LineNumber);
        return await (take is { } n ? query.Take(n) : query).ToListAsync(ct);
    }

    /// <summary>The run holding the lock, unless its heartbeat stopped (the next run will take it over).</summary>
    public Task<MadrhasImportRun?> RunningAsync(CancellationToken ct)
    {
        var alive = timeProvider.GetUtcNow().UtcDateTime - MadrhasImporter.StaleAfter;
        return db.MadrhasImportRuns.AsNoTracking().FirstOrDefaultAsync(r => r.RunningLock != null && r.HeartbeatAt > alive, ct);
    }
}
