using System.Security.Cryptography;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Structures;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Madrhas;

/// <summary>
/// Imports a MADRHAS extract (contract: docs/MADRHAS-FORMAT.md) in batches, each one transaction that also
/// records the run's progress, so that a run killed at any point and started again reaches the same state.
/// </summary>
/// <remarks>
/// Give the importer a context of its own: it turns automatic change detection off and clears the tracker
/// after each batch so that memory does not grow with the file.
/// </remarks>
public sealed class MadrhasImporter(ChorusAccountDbContext db, TimeProvider timeProvider)
{
    /// <summary>A running run without a heartbeat for this long was killed: the next run takes its lock over.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(10);

    private const int EndPassPageSize = 5_000;

    /// <param name="extract">A seekable stream: it is read once for its hash, then once for its lines.</param>
    /// <param name="progress">Told after each committed batch.</param>
    /// <exception cref="MadrhasImportAlreadyRunningException">Another run holds the lock.</exception>
    public async Task<MadrhasImportReport> ImportAsync(
        Stream extract, string fileName, MadrhasImportOptions options, IProgress<MadrhasImportReport>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(extract);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        if (db.ChangeTracker.HasChanges())
        {
            throw new InvalidOperationException("The importer clears the change tracker after each batch: save or discard pending changes first.");
        }

        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(extract, ct));
        extract.Position = 0;

        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var state = new MadrhasRunState(timeProvider.GetUtcNow());
        var report = new MadrhasImportReport();
        var dryRun = options.DryRun ? await db.Database.BeginTransactionAsync(ct) : null;
        var run = options.DryRun ? null : await StartRunAsync(fileName, hash, options.Full, ct);
        report.RunId = run?.Id;
        try
        {
            await ImportLinesAsync(extract, options, state, report, run, progress, ct);
            if (options.Full && !report.FileRejected)
            {
                await EndAbsentMembershipsAsync(state, report, ct);
            }

            if (run is not null)
            {
                await FinishRunAsync(run, report, MadrhasImportRunStatus.Completed, report.RejectedLines.FirstOrDefault(r => r.IsFileError)?.Reason);
            }

            return report;
        }
        catch (Exception e) when (run is not null)
        {
            db.ChangeTracker.Clear();
            // The run keeps the counts of its committed batches: those are what the database holds.
            await FinishRunAsync(run, null, MadrhasImportRunStatus.Failed, e is OperationCanceledException ? "Import interrompu" : e.Message);
            throw;
        }
        finally
        {
            if (dryRun is not null)
            {
                await dryRun.RollbackAsync(CancellationToken.None);
                await dryRun.DisposeAsync();
            }

            db.ChangeTracker.Clear();
            db.ChangeTracker.AutoDetectChangesEnabled = true;
        }
    }

    private async Task ImportLinesAsync(Stream extract, MadrhasImportOptions options, MadrhasRunState state, MadrhasImportReport report,
        MadrhasImportRun? run, IProgress<MadrhasImportReport>? progress, CancellationToken ct)
    {
        var lines = new List<MadrhasLine>(options.BatchSize);
        var rejected = new List<MadrhasRejection>();
        await foreach (var record in MadrhasCsvReader.ReadAsync(extract, ct))
        {
            switch (record)
            {
                case MadrhasLine line:
                    report.LinesRead++;
                    lines.Add(line);
                    break;
                case MadrhasRejection rejection:
                    report.LinesRead += rejection.IsFileError ? 0 : 1;
                    rejected.Add(rejection);
                    if (rejection.Login is { } login)
                    {
                        state.RejectedLogins.Add(login);
                    }

                    break;
            }

            if (lines.Count >= options.BatchSize)
            {
                await CommitBatchAsync(lines, rejected, state, report, run, ct);
                progress?.Report(report);
            }
        }

        if (lines.Count > 0 || rejected.Count > 0)
        {
            await CommitBatchAsync(lines, rejected, state, report, run, ct);
            progress?.Report(report);
        }
    }

    private async Task CommitBatchAsync(List<MadrhasLine> lines, List<MadrhasRejection> rejected, MadrhasRunState state,
        MadrhasImportReport report, MadrhasImportRun? run, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        rejected.AddRange(await new MadrhasBatch(db, state, report).ApplyAsync(lines, ct));
        // File order, with a file-level fault last, whatever stage found each rejection.
        foreach (var rejection in rejected.OrderBy(r => r.IsFileError).ThenBy(r => r.LineNumber))
        {
            report.Reject(rejection);
            if (run is not null)
            {
                db.MadrhasRejectedLines.Add(new MadrhasRejectedLine
                {
                    RunId = run.Id,
                    LineNumber = rejection.LineNumber,
                    Login = rejection.Login,
                    Reason = rejection.Reason,
                    IsFileError = rejection.IsFileError,
                });
            }
        }

        if (run is not null)
        {
            report.CopyTo(run);
            run.HeartbeatAt = timeProvider.GetUtcNow().UtcDateTime;
        }

        db.ChangeTracker.DetectChanges();
        var searchChanged = StructureSearchTokens.Pending(db);
        await DemotePrimaryManagersFirstAsync(ct);
        await MadrhasRowWriter.WriteAddedAsync(db, ct);
        await db.SaveChangesAsync(ct);
        await StructureSearchTokens.RefreshAsync(db, searchChanged, ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }

        db.ChangeTracker.Clear();
        if (run is not null)
        {
            db.Attach(run);
        }

        lines.Clear();
        rejected.Clear();
    }

    // A structure has at most one active primary manager (a unique index): the former one must be
    // demoted before its successor's row is written, whatever order the rest of the batch is saved in.
    private async Task DemotePrimaryManagersFirstAsync(CancellationToken ct)
    {
        var demoted = db.ChangeTracker.Entries<Membership>()
            .Where(e => e.State == EntityState.Modified
                && e.Property(m => m.Role).OriginalValue == MembershipRole.PrimaryManager
                && e.Entity.Role != MembershipRole.PrimaryManager)
            .ToList();
        foreach (var entry in demoted)
        {
            var id = entry.Entity.Id;
            var role = entry.Entity.Role;
            await db.Memberships.Where(m => m.Id == id).ExecuteUpdateAsync(u => u.SetProperty(m => m.Role, role), ct);
            entry.Property(m => m.Role).OriginalValue = role;
        }
    }

    /// <summary>Ends the active MADRHAS memberships the file did not confirm: idempotent, page by page.</summary>
    private async Task EndAbsentMembershipsAsync(MadrhasRunState state, MadrhasImportReport report, CancellationToken ct)
    {
        Guid? after = null;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var query = db.Memberships.AsNoTracking()
                .Where(m => m.Origin == MembershipOrigin.Madrhas && m.Status == MembershipStatus.Active);
            if (after is { } last)
            {
                query = query.Where(m => m.Id > last);
            }

            var page = await query.OrderBy(m => m.Id).Take(EndPassPageSize).Select(m => new { m.Id, m.User!.Login }).ToListAsync(ct);
            if (page.Count == 0)
            {
                return;
            }

            after = page[^1].Id;
            var absent = page.Where(m => !state.SeenMemberships.Contains(m.Id) && !state.RejectedLogins.Contains(m.Login)).Select(m => m.Id).ToList();
            if (absent.Count == 0)
            {
                continue;
            }

            await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
            foreach (var membership in await db.Memberships.Where(m => absent.Contains(m.Id)).ToListAsync(ct))
            {
                membership.Status = MembershipStatus.Ended;
                if (membership.EndDate is null || membership.EndDate > state.Today)
                {
                    membership.EndDate = state.Today;
                }

                report.MembershipsEnded++;
            }

            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
            if (transaction is not null)
            {
                await transaction.CommitAsync(ct);
            }

            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Records the run and takes the import lock; a run whose heartbeat stopped long ago is marked abandoned.</summary>
    private async Task<MadrhasImportRun> StartRunAsync(string fileName, string hash, bool full, CancellationToken ct)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var running = await db.MadrhasImportRuns.SingleOrDefaultAsync(r => r.RunningLock != null, ct);
        if (running is not null)
        {
            if (now - running.HeartbeatAt < StaleAfter)
            {
                throw new MadrhasImportAlreadyRunningException(running.FileName, running.StartedAt);
            }

            running.Status = MadrhasImportRunStatus.Abandoned;
            running.RunningLock = null;
            running.EndedAt = now;
            running.Error = "Import interrompu sans fin enregistrée (processus arrêté)";
        }

        var run = new MadrhasImportRun
        {
            FileName = fileName.Length <= FieldLengths.ImportFileName ? fileName : fileName[^FieldLengths.ImportFileName..],
            FileHash = hash,
            Full = full,
            StartedAt = now,
            HeartbeatAt = now,
        };
        db.MadrhasImportRuns.Add(run);
        try
        {
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another node took the lock between our read and our insert.
            db.ChangeTracker.Clear();
            var winner = await db.MadrhasImportRuns.AsNoTracking().FirstOrDefaultAsync(r => r.RunningLock != null, ct);
            throw new MadrhasImportAlreadyRunningException(winner?.FileName ?? "?", winner?.StartedAt ?? now);
        }

        db.ChangeTracker.Clear();
        db.Attach(run);
        return run;
    }

    private async Task FinishRunAsync(MadrhasImportRun run, MadrhasImportReport? report, MadrhasImportRunStatus status, string? error)
    {
        report?.CopyTo(run);
        run.Status = status;
        run.RunningLock = null;
        run.EndedAt = timeProvider.GetUtcNow().UtcDateTime;
        run.Error = error is null || error.Length <= FieldLengths.Reason ? error : error[..FieldLengths.Reason];
        db.Entry(run).State = EntityState.Modified;
        // Recorded even when the import was cancelled: the operator must see that it stopped.
        await db.SaveChangesAsync(CancellationToken.None);
        db.ChangeTracker.Clear();
    }
}
