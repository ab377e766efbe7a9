using ChorusAccount.Core.Data;
namespace ChorusAccount.Core.Notifications;

/// <summary>
/// An outbox row: one user's digest for one day (unique), planned with its window of events; or an email of its own
/// (<see cref="EventId"/>) — a decision email, written with the manager's decision, or the notice of a contact email
/// change to the previous address, written with the change — sent within a minute. Either is claimed by a sender, then
/// sent, failed for good (refused, or an address or message that cannot be written), or skipped. Its id gives the
/// email's Message-ID, so a resend is recognisable.
/// </summary>
public sealed class NotificationDigest
{
    public Guid Id { get; set; } = NewId.Sequential();
    public Guid UserId { get; set; }

    /// <summary>
    /// An email of its own: the one event it tells, unique — a decision (<see cref="NotificationEventKind.RequestDecision"/>,
    /// <see cref="NotificationEventKind.SubscriptionDecision"/>) or a contact email change
    /// (<see cref="NotificationEventKind.ContactEmailChanged"/>); null for the daily digest.
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

    /// <summary>
    /// The address the digest was refused (or failed) to. Set when the row is written for a notice that does not go to
    /// the user's contact email: the previous address, for a contact email change.
    /// </summary>
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

    /// <summary>
    /// Failed for good, never claimed again: refused (mailbox refused, 5xx), an address or a message that cannot be
    /// written, or too many transient failures.
    /// </summary>
    Failed = 4,

    /// <summary>Nothing to send any more: the user turned notifications off, was deactivated, or lost the events' lines.</summary>
    Skipped = 5,
}
