using System.Security.Cryptography;
using ChorusAccount.Core.Accounts;
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
/// <param name="metrics">Told the records read and rejected as each batch of a recorded run commits (a dry run is not counted).</param>
public sealed class MadrhasImporter(ChorusAccountDbContext db, TimeProvider timeProvider, PortalMetrics? metrics = null)
{
    /// <summary>A running run without a heartbeat for this long was killed: the next run takes its lock over.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(10);

    /// <summary>The action of the history entry a changed record writes on its user: « Rattachement modifié par MADRHAS ».</summary>
    public const string ChangedAction = "MembershipChangedByMadrhas";

    /// <summary>Who the users' history names for what the import changes.</summary>
    public const string Actor = "MADRHAS";

    private const int EndPassPageSize = 5_000;

    // See RefreshStatisticsAsync.
    private const int StatisticsAfterRows = 10_000;
    private const int StatisticsGrowth = 7;

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
        // One connection for the whole run, so that the writer's prepared statements serve every batch.
        await db.Database.OpenConnectionAsync(ct);
        await using var writer = new RowWriter(db);
        var state = new MadrhasRunState(timeProvider.GetUtcNow());
        var report = new MadrhasImportReport();
        var dryRun = options.DryRun ? await db.Database.BeginTransactionAsync(ct) : null;
        var run = options.DryRun ? null : await StartRunAsync(fileName, hash, options.Full, ct);
        report.RunId = run?.Id;
        try
        {
            await ImportRecordsAsync(extract, options, state, report, run, writer, progress, ct);
            if (options.Full && !report.FileRejected)
            {
                await EndAbsentMembershipsAsync(state, report, ct);
            }

            await RefreshStatisticsAsync(state, report, end: true, ct);

            if (run is not null)
            {
                await FinishRunAsync(run, report, MadrhasImportRunStatus.Completed, report.RejectedRecords.FirstOrDefault(r => r.IsFileError)?.Reason);
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
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task ImportRecordsAsync(Stream extract, MadrhasImportOptions options, MadrhasRunState state, MadrhasImportReport report,
        MadrhasImportRun? run, RowWriter writer, IProgress<MadrhasImportReport>? progress, CancellationToken ct)
    {
        var records = new List<MadrhasValidRecord>(options.BatchSize);
        var rejected = new List<MadrhasRejection>();
        var sized = false;
        await foreach (var record in MadrhasCsvReader.ReadAsync(extract, ct))
        {
            switch (record)
            {
                case MadrhasValidRecord valid:
                    report.RecordsRead++;
                    records.Add(valid);
                    break;
                case MadrhasRejection rejection:
                    report.RecordsRead += rejection.IsFileError ? 0 : 1;
                    rejected.Add(rejection);
                    if (rejection.Login is { } login)
                    {
                        state.RejectedLogins.Add(login);
                    }

                    break;
            }

            if (records.Count >= options.BatchSize)
            {
                if (!sized && extract.Position > 0)
                {
                    sized = true;
                    // The reader is ahead by its buffer at most: a close enough share of the file.
                    state.ExpectLines((int)Math.Min(int.MaxValue, extract.Length * report.RecordsRead / extract.Position));
                }

                await CommitBatchAsync(records, rejected, state, report, run, writer, ct);
                progress?.Report(report);
            }
        }

        if (records.Count > 0 || rejected.Count > 0)
        {
            await CommitBatchAsync(records, rejected, state, report, run, writer, ct);
            progress?.Report(report);
        }
    }

    private async Task CommitBatchAsync(List<MadrhasValidRecord> records, List<MadrhasRejection> rejected, MadrhasRunState state,
        MadrhasImportReport report, MadrhasImportRun? run, RowWriter writer, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        await RefreshStatisticsAsync(state, report, end: false, ct);
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var batch = new MadrhasBatch(db, state, report);
        rejected.AddRange(await batch.ApplyAsync(records, ct));
        // File order, with a file-level fault last, whatever stage found each rejection.
        foreach (var rejection in rejected.OrderBy(r => r.IsFileError).ThenBy(r => r.LineNumber))
        {
            report.Reject(rejection);
            if (run is not null)
            {
                db.MadrhasRejectedRecords.Add(new MadrhasRejectedRecord
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

        db.AuditEntries.AddRange(batch.Changes.AuditEntries);
        await batch.Changes.WriteAsync(writer, ct);
        // batch.Changes.CreatedStructures are the structures this batch created (the import renames none):
        // whatever derives from a structure's names is refreshed here, in the batch's transaction.
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(ct);
        await StructureSearchTokens.RefreshAsync(db, batch.Changes.CreatedStructures.Select(s => s.Id), ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }

        db.ChangeTracker.Clear();
        if (run is not null)
        {
            db.Attach(run);
            // Counted once in the database, as the run's row counts them: a failed run keeps what its batches committed.
            metrics?.MadrhasBatchCommitted(report.RecordsRead - state.CountedRecordsRead, report.RejectedRecords.Count - state.CountedRecordsRejected);
            state.CountedRecordsRead = report.RecordsRead;
            state.CountedRecordsRejected = report.RejectedRecords.Count;
        }

        records.Clear();
        rejected.Clear();
    }

    /// <summary>
    /// Refreshes the planner's statistics of the tables a batch reads, where the engine needs it (PostgreSQL, see
    /// <see cref="EngineDialect.RefreshStatistics"/>): once the run created 10,000 rows, then each time the rows it created
    /// grew eightfold, and at its end, so that the next run starts with them. Without them, PostgreSQL took the tables for
    /// the near-empty ones it last analysed: each batch of a first import scanned the whole users table (a time growing
    /// with the rows already imported), and a re-import right after it read the memberships through the status index.
    /// </summary>
    private async Task RefreshStatisticsAsync(MadrhasRunState state, MadrhasImportReport report, bool end, CancellationToken ct)
    {
        var created = report.UsersCreated + report.StructuresCreated + report.ServicesCreated + report.MembershipsCreated;
        var since = created - state.RowsCreatedAtStatistics;
        if (since < StatisticsAfterRows || (!end && since < StatisticsGrowth * state.RowsCreatedAtStatistics))
        {
            return;
        }

        var tables = new[] { typeof(User), typeof(Structure), typeof(ServiceUnit), typeof(Membership), typeof(MembershipService) }
            .Select(t => db.Model.FindEntityType(t)!.GetTableName()!);
        if (EngineDialect.RefreshStatistics(db.Database.ProviderName, tables) is { } sql)
        {
            await db.Database.ExecuteSqlRawAsync(sql, ct);
        }

        state.RowsCreatedAtStatistics = created;
    }

    /// <summary>
    /// Ends the active MADRHAS memberships the file did not list, and forgets the record kept on the ended ones it did not
    /// list (so that the referential listing one again creates it anew): idempotent, page by page.
    /// </summary>
    private async Task EndAbsentMembershipsAsync(MadrhasRunState state, MadrhasImportReport report, CancellationToken ct)
    {
        var rejectedLogins = state.RejectedLogins.ToList();
        var spared = rejectedLogins.Count == 0
            ? []
            : (await db.Users.Where(u => rejectedLogins.Contains(u.Login)).Select(u => u.Id).ToListAsync(ct)).ToHashSet();
        // One streamed pass over the MADRHAS memberships still holding a record: only the ids of the absent ones are kept.
        var absent = new List<Guid>();
        await foreach (var membership in db.Memberships.AsNoTracking()
            .Where(m => m.Origin == MembershipOrigin.Madrhas
                && (m.Status == MembershipStatus.Active || (m.Status == MembershipStatus.Ended && m.MadrhasRecordHash != null)))
            .Select(m => new { m.Id, m.UserId })
            .AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!state.Memberships.ContainsKey(membership.Id) && !spared.Contains(membership.UserId))
            {
                absent.Add(membership.Id);
            }
        }

        foreach (var page in absent.Chunk(EndPassPageSize))
        {
            ct.ThrowIfCancellationRequested();
            await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
            foreach (var membership in await db.Memberships.Where(m => page.Contains(m.Id)
                && (m.Status == MembershipStatus.Active || (m.Status == MembershipStatus.Ended && m.MadrhasRecordHash != null))).ToListAsync(ct))
            {
                membership.MadrhasRecordHash = null;
                if (membership.Status == MembershipStatus.Ended)
                {
                    continue;
                }

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
