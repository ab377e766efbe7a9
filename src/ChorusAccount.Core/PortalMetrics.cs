using System.Diagnostics.Metrics;

namespace ChorusAccount.Core;

/// <summary>
/// The portal's own measurements, on one meter (<see cref="MeterName"/>) created once per host through its
/// <see cref="IMeterFactory"/>: plain System.Diagnostics.Metrics, so that Core knows nothing of the exporters (the Web
/// layer publishes them, docs/OPERATIONS.md « Metrics and traces »). Each count is made at the one place that decides
/// it: the MADRHAS importer when a batch commits, the outbox's recorder when a message's status is written, the use case
/// that records invoice events, the Hangfire filter around every job.
/// </summary>
public sealed class PortalMetrics
{
    public const string MeterName = "ChorusAccount";

    /// <summary>The tag naming what an outbox message is: « digest », « decision » or « email-change ».</summary>
    public const string KindTag = "kind";

    /// <summary>The tag naming how something ended (invoice events: recorded, duplicate, refused; jobs: succeeded, failed).</summary>
    public const string OutcomeTag = "outcome";

    /// <summary>The tag naming a Hangfire job: its class and method (« MadrhasImportJob.RunAsync »).</summary>
    public const string JobTag = "job";

    /// <summary>The kinds of outbox message (<see cref="KindTag"/>): the daily digest, a manager's decision, the notice of
    /// a contact email change.</summary>
    public const string DigestKind = "digest", DecisionKind = "decision", EmailChangeKind = "email-change";

    /// <summary>What an outbox message can be (<see cref="KindTag"/>).</summary>
    public static readonly IReadOnlyList<string> MailKinds = [DigestKind, DecisionKind, EmailChangeKind];

    /// <summary>How a received invoice event can end (<see cref="OutcomeTag"/>).</summary>
    public static readonly IReadOnlyList<string> InvoiceEventOutcomes = ["recorded", "duplicate", "refused"];

    private readonly Counter<long> _recordsRead;
    private readonly Counter<long> _recordsRejected;
    private readonly Counter<long> _mailsSent;
    private readonly Counter<long> _mailsFailed;
    private readonly Counter<long> _invoiceEvents;
    private readonly Counter<long> _jobRuns;
    private readonly Histogram<double> _jobDuration;

    public PortalMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _recordsRead = meter.CreateCounter<long>(
            "chorus.madrhas.records.read", "{record}", "MADRHAS records read by the imports, rejected ones included, counted when their batch is committed.");
        _recordsRejected = meter.CreateCounter<long>(
            "chorus.madrhas.records.rejected", "{record}", "MADRHAS records the imports rejected (a file-level fault counts once), counted when their batch is committed.");
        _mailsSent = meter.CreateCounter<long>(
            "chorus.mails.sent", "{message}", "Outbox messages the mail server accepted (or written to the pickup folder), by kind: digest, decision, email-change.");
        _mailsFailed = meter.CreateCounter<long>(
            "chorus.mails.failed", "{message}", "Outbox messages failed for good (refused, unusable address, too many transient failures), by kind.");
        _invoiceEvents = meter.CreateCounter<long>(
            "chorus.invoice_events.received", "{event}", "Invoice events that reached the use case, by outcome: recorded, duplicate, refused (unknown structure or service, id reused with another content).");
        _jobRuns = meter.CreateCounter<long>("chorus.jobs.runs", "{run}", "Hangfire job runs, by job and outcome (succeeded, failed).");
        _jobDuration = meter.CreateHistogram<double>("chorus.jobs.duration", "s", "How long Hangfire job runs took, by job.");

        // Every count exists from the start, at 0: a scrape shows the portal's counters before their first event, and
        // Prometheus's rate() sees the first one as an increase (a series born at 1 is not).
        _recordsRead.Add(0);
        _recordsRejected.Add(0);
        foreach (var kind in MailKinds)
        {
            _mailsSent.Add(0, new KeyValuePair<string, object?>(KindTag, kind));
            _mailsFailed.Add(0, new KeyValuePair<string, object?>(KindTag, kind));
        }

        foreach (var outcome in InvoiceEventOutcomes)
        {
            _invoiceEvents.Add(0, new KeyValuePair<string, object?>(OutcomeTag, outcome));
        }
    }

    /// <summary>A batch of an import is in the database: the records it read and rejected since the previous one.</summary>
    public void MadrhasBatchCommitted(int recordsRead, int recordsRejected)
    {
        _recordsRead.Add(recordsRead);
        _recordsRejected.Add(recordsRejected);
    }

    /// <summary>An outbox message's status was written: sent, or failed for good (other statuses are not counted).</summary>
    public void MailRecorded(string kind, bool sent) =>
        (sent ? _mailsSent : _mailsFailed).Add(1, new KeyValuePair<string, object?>(KindTag, kind));

    /// <summary>One request's invoice events, as the use case answered it.</summary>
    public void InvoiceEventsReceived(int recorded, int duplicates, int refused)
    {
        Add(_invoiceEvents, recorded, "recorded");
        Add(_invoiceEvents, duplicates, "duplicate");
        Add(_invoiceEvents, refused, "refused");
    }

    /// <summary>A Hangfire job ran (<paramref name="job"/>: its class and method).</summary>
    public void JobPerformed(string job, bool failed, TimeSpan elapsed)
    {
        var jobTag = new KeyValuePair<string, object?>(JobTag, job);
        _jobRuns.Add(1, jobTag, new KeyValuePair<string, object?>(OutcomeTag, failed ? "failed" : "succeeded"));
        _jobDuration.Record(elapsed.TotalSeconds, jobTag);
    }

    private static void Add(Counter<long> counter, int count, string outcome)
    {
        if (count > 0)
        {
            counter.Add(count, new KeyValuePair<string, object?>(OutcomeTag, outcome));
        }
    }
}
