using System.Collections.Concurrent;
using System.Threading.Channels;
using ChorusAccount.Core;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Web.Configuration;
using ChorusAccount.Web.Mail;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChorusAccount.Web.Jobs;

/// <summary>What a digest run did.</summary>
public sealed record DigestRunReport(DateOnly Day, int Planned, int Sent, int Failed, int Retried, int Skipped, int Released, int StillQueued);

/// <summary>
/// The daily digest: plan (one outbox row per user and day), then deliver; and, every minute, the outbox worker
/// (<see cref="DeliverDueAsync"/>) that sends the decision emails and whatever else is due. Delivery is a pipeline: one loop claims 500 due
/// digests at a time and composes them (set-based reads), the transport sends them over a few reused SMTP connections,
/// and one recorder writes the results as they come, sent ones grouped in one UPDATE. Digests whose retry falls due
/// within <see cref="MaxWait"/> are waited for; later ones go to the next run.
/// </summary>
public sealed class DigestJob(
    IServiceScopeFactory scopes, IDigestTransport transport, IOptions<JobsOptions> jobs,
    IOptions<MailOptions> mail, PortalMetrics metrics, TimeProvider clock, ILogger<DigestJob> logger)
{
    public const string RecurringJobId = "notification-digest";
    public const string OutboxJobId = "notification-outbox";
    public const int BatchSize = 500;
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(30);
    private const int RecordGroup = 500;
    private static readonly TimeSpan _recordWindow = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan _queueNap = TimeSpan.FromMilliseconds(20);

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 2)]
    public async Task<DigestRunReport> RunAsync(CancellationToken ct)
    {
        var plan = await PlanAsync(ct);
        var counters = new Counters();
        while (!ct.IsCancellationRequested)
        {
            await DeliverAsync(counters, waitForServer: true, ct);
            if (ct.IsCancellationRequested)
            {
                break;
            }

            var next = await WithScopeAsync(sp => sp.GetRequiredService<DigestQueue>().NextDueAsync(ct));
            var wait = next is null ? TimeSpan.MaxValue : next.Value - clock.GetUtcNow().UtcDateTime;
            if (next is null || wait > MaxWait || ct.IsCancellationRequested)
            {
                break;
            }

            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait + TimeSpan.FromMilliseconds(10), clock, ct);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        var queued = await QueuedAsync();
        var report = new DigestRunReport(plan.Day, plan.Planned, counters.Sent, counters.Failed, counters.Retried, counters.Skipped, counters.Released, queued);
        logger.LogInformation("Digest run: {Report}", report);
        return report;
    }

    /// <summary>
    /// The outbox worker (<see cref="JobsOptions.OutboxCron"/>, every minute): sends what is due now — the decision emails
    /// managers' decisions wrote, digests whose retry fell due — without planning and without waiting for later retries.
    /// A mail server that cannot be reached leaves them queued untouched, for the next minute. Runs may overlap: each row
    /// is claimed by one run (<see cref="DigestQueue.ClaimAsync"/>).
    /// </summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task<DigestRunReport> DeliverDueAsync(CancellationToken ct)
    {
        var counters = new Counters();
        await DeliverAsync(counters, waitForServer: false, ct);
        var report = new DigestRunReport(Core.ParisDate.Of(clock.GetUtcNow()), 0, counters.Sent, counters.Failed, counters.Retried, counters.Skipped, counters.Released, await QueuedAsync());
        if (report.Sent + report.Failed + report.Retried + report.Skipped + report.Released > 0)
        {
            logger.LogInformation("Outbox run: {Report}", report);
        }

        return report;
    }

    private Task<int> QueuedAsync() =>
        WithScopeAsync(sp => sp.GetRequiredService<Core.Data.ChorusAccountDbContext>().NotificationDigests
            .CountAsync(d => d.Status == DigestStatus.Pending || d.Status == DigestStatus.Sending, CancellationToken.None));

    private async Task<DigestPlan> PlanAsync(CancellationToken ct)
    {
        try
        {
            var started = clock.GetTimestamp();
            var plan = await WithScopeAsync(sp => sp.GetRequiredService<PlanDigests>().ExecuteAsync(clock.GetUtcNow(), jobs.Value.DigestSettleDelay, ct));
            logger.LogInformation("Digests of {Day} planned: {Planned} in {Elapsed}", plan.Day, plan.Planned, clock.GetElapsedTime(started));
            return plan;
        }
        catch (DbUpdateException e)
        {
            // Another node planned the same day at the same moment (unique user and day): its rows are there to send.
            logger.LogWarning(e, "Digests planned by another run");
            return new DigestPlan(Core.ParisDate.Of(clock.GetUtcNow()), clock.GetUtcNow().UtcDateTime, 0);
        }
    }

    // A faulted sender (a transport's bug, a fault no message caused) never leaves rows « Sending » behind: what it had
    // taken and not reported is recorded as a transient failure (counted against MaxAttempts, so a message that keeps
    // killing its sender ends failed), what it had not taken goes back to the queue, and the recorder always finishes.
    private async Task DeliverAsync(Counters counters, bool waitForServer, CancellationToken ct)
    {
        var messages = Channel.CreateUnbounded<PreparedDigest>(new UnboundedChannelOptions { SingleWriter = true });
        var results = Channel.CreateUnbounded<DeliveryResult>();
        // What each email of its own is (decision, email-change), for the metrics; a row without an event is a digest.
        var kinds = new ConcurrentDictionary<Guid, string>();
        var recording = RecordAsync(results.Reader, counters, kinds);
        var taken = new ConcurrentDictionary<Guid, ClaimedDigest>();
        var sending = RunTransportAsync(messages.Reader, new ReportingWriter(results.Writer, taken), waitForServer, ct);
        // If every connection gave up, stop claiming: nothing would take the messages.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _ = sending.ContinueWith(_ => stop.Cancel(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var unsent = new List<ClaimedDigest>();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var queue = scope.ServiceProvider.GetRequiredService<DigestQueue>();
            var compose = scope.ServiceProvider.GetRequiredService<ComposeDigests>();
            while (!stop.IsCancellationRequested)
            {
                // At most two batches ahead of the connections; waiting by short naps, not woken by each message sent.
                while (messages.Reader.Count > BatchSize && !stop.IsCancellationRequested)
                {
                    await Task.Delay(_queueNap, TimeProvider.System, stop.Token);
                }

                var claimed = await queue.ClaimAsync(BatchSize, jobs.Value.DigestClaimLease, stop.Token);
                if (claimed.Count == 0)
                {
                    break;
                }

                unsent.AddRange(claimed);
                foreach (var composed in await compose.ExecuteAsync(claimed, CancellationToken.None))
                {
                    if (composed.Content is null)
                    {
                        await results.Writer.WriteAsync(new DeliveryResult(composed.Digest, DeliveryOutcome.Skipped, Error: composed.SkipReason), CancellationToken.None);
                    }
                    else
                    {
                        if (composed.Digest.EventId is not null)
                        {
                            kinds[composed.Digest.Id] = DigestMailRenderer.Kind(composed.Content);
                        }

                        taken[composed.Digest.Id] = composed.Digest;
                        messages.Writer.TryWrite(new PreparedDigest(composed.Digest, composed.Content));
                    }

                    unsent.Remove(composed.Digest);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Interrupted: what was claimed and not handed over goes back to the queue below.
        }
        finally
        {
            messages.Writer.Complete();
            var fault = await sending;
            while (messages.Reader.TryRead(out var left))
            {
                taken.TryRemove(left.Digest.Id, out _);
                unsent.Add(left.Digest);
            }

            foreach (var digest in unsent)
            {
                results.Writer.TryWrite(new DeliveryResult(digest, DeliveryOutcome.Released));
            }

            foreach (var digest in taken.Values)
            {
                results.Writer.TryWrite(new DeliveryResult(digest, DeliveryOutcome.Transient, Error: "Envoi interrompu : " + (fault?.Message ?? "aucun résultat rendu par l'expéditeur")));
            }

            results.Writer.Complete();
            await recording;
        }
    }

    // The transport's run, its fault caught and logged: whatever happens to it, DeliverAsync records what it left.
    private async Task<Exception?> RunTransportAsync(ChannelReader<PreparedDigest> messages, ChannelWriter<DeliveryResult> results, bool waitForServer, CancellationToken ct)
    {
        try
        {
            await transport.RunAsync(messages, results, waitForServer, ct);
            return null;
        }
        catch (Exception e)
        {
            logger.LogError(e, "The mail sender failed: the messages it held are recorded as transient failures, the others go back to the queue");
            return e;
        }
    }

    /// <summary>The results channel as the transport sees it: a message reported is no longer held by the sender.</summary>
    private sealed class ReportingWriter(ChannelWriter<DeliveryResult> inner, ConcurrentDictionary<Guid, ClaimedDigest> taken) : ChannelWriter<DeliveryResult>
    {
        public override bool TryWrite(DeliveryResult item)
        {
            if (!inner.TryWrite(item))
            {
                return false;
            }

            taken.TryRemove(item.Digest.Id, out _);
            return true;
        }

        public override ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken = default) => inner.WaitToWriteAsync(cancellationToken);
    }

    // Results are recorded as they come, in groups (what arrived within _recordWindow, at most RecordGroup): a digest accepted
    // by the server is recorded within a tenth of a second, with one commit per group rather than per message, and a
    // cancellation never drops a result.
    private async Task RecordAsync(ChannelReader<DeliveryResult> results, Counters counters, ConcurrentDictionary<Guid, string> kinds)
    {
        await Task.Yield();
        await using var scope = scopes.CreateAsyncScope();
        var queue = scope.ServiceProvider.GetRequiredService<DigestQueue>();
        var batch = new List<DeliveryResult>(RecordGroup);
        while (await results.WaitToReadAsync(CancellationToken.None))
        {
            // Not woken by every result: one wait for the window, then everything that came in it.
            if (results.Count < RecordGroup && !results.Completion.IsCompleted)
            {
                await Task.WhenAny(Task.Delay(_recordWindow, TimeProvider.System), results.Completion);
            }

            while (batch.Count < RecordGroup && results.TryRead(out var result))
            {
                batch.Add(result);
            }

            if (batch.Count == 0)
            {
                continue;
            }

            await queue.RecordAsync(batch, mail.Value.MaxAttempts, mail.Value.RetryDelay, CancellationToken.None);
            counters.Add(batch, mail.Value.MaxAttempts, (digest, sent) => metrics.MailRecorded(kinds.GetValueOrDefault(digest.Id, PortalMetrics.DigestKind), sent));
            batch.Clear();
        }
    }

    private async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    private sealed class Counters
    {
        public int Sent;
        public int Failed;
        public int Retried;
        public int Skipped;
        public int Released;

        /// <summary>Counts the results by the status they left their rows in; <paramref name="ended"/> is told each one sent or failed for good.</summary>
        public void Add(IEnumerable<DeliveryResult> results, int maxAttempts, Action<ClaimedDigest, bool> ended)
        {
            foreach (var r in results)
            {
                switch (DigestQueue.StatusAfter(r, maxAttempts))
                {
                    case DigestStatus.Sent: Sent++; ended(r.Digest, true); break;
                    case DigestStatus.Failed: Failed++; ended(r.Digest, false); break;
                    case DigestStatus.Skipped: Skipped++; break;
                    case DigestStatus.Pending when r.Outcome == DeliveryOutcome.Transient: Retried++; break;
                    default: Released++; break;
                }
            }
        }
    }
}
