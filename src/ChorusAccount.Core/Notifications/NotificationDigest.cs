namespace ChorusAccount.Core.Notifications;

/// <summary>
/// An outbox row: one user's digest for one day (unique), planned with its window of events; or a decision email
/// (<see cref="EventId"/>), written with the manager's decision and sent on its own within a minute. Either is claimed by a
/// sender, then sent, refused for good, or skipped. Its id gives the email's Message-ID, so a resend is recognisable.
/// </summary>
public sealed class NotificationDigest
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }

    /// <summary>
    /// A decision email: the one decision event (<see cref="NotificationEventKind.RequestDecision"/>,
    /// <see cref="NotificationEventKind.SubscriptionDecision"/>) it tells, unique; null for the daily digest.
    /// </summary>
    public Guid? EventId { get; set; }

    /// <summary>The calendar day in France the digest belongs to.</summary>
    public DateOnly Day { get; set; }

    /// <summary>Events recorded after this instant (exclusive)…</summary>
    public DateTime EventsAfter { get; set; }

    /// <summary>…and up to this one (inclusive).</summary>
    public DateTime EventsUntil { get; set; }

    public DigestStatus Status { get; set; } = DigestStatus.Pending;

    /// <summary>Failed delivery attempts so far (transient failures).</summary>
    public int Attempts { get; set; }

    /// <summary>A pending digest is not taken before this instant (backoff after a transient failure).</summary>
    public DateTime NextAttemptAt { get; set; }

    /// <summary>While sending: the claim lapses then, and another run may take the digest again.</summary>
    public DateTime? ClaimExpiresAt { get; set; }

    /// <summary>The run holding the claim.</summary>
    public Guid? ClaimToken { get; set; }

    /// <summary>The address the digest was sent (or refused) to.</summary>
    public string? Recipient { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? SentAt { get; set; }

    /// <summary>The last failure: the SMTP reply or the error, for operators.</summary>
    public string? LastError { get; set; }

    /// <summary>Stable across attempts: a digest sent twice after a crash carries the same Message-ID.</summary>
    public string MessageId(string domain) => $"{(EventId is null ? "digest" : "decision")}.{Id:N}@{domain}";
}

public enum DigestStatus
{
    Pending = 1,
    Sending = 2,
    Sent = 3,

    /// <summary>Refused for good (mailbox refused, 5xx), or too many transient failures.</summary>
    Failed = 4,

    /// <summary>Nothing to send any more: the user turned notifications off, was deactivated, or lost the events' lines.</summary>
    Skipped = 5,
}
