using ChorusAccount.Core.Data;
namespace ChorusAccount.Core.Notifications;

/// <summary>Something that goes into the daily digest: an invoice lifecycle event or a portal event.</summary>
public sealed class NotificationEvent
{
    public Guid Id { get; set; } = NewId.Sequential();

    /// <summary>The sender's event id for invoice events (accepted once); null for portal events.</summary>
    public string? ExternalId { get; set; }

    public NotificationEventKind Kind { get; set; }

    /// <summary>Portal events name their recipient; invoice events are routed by structure and service.</summary>
    public Guid? RecipientUserId { get; set; }

    public Guid? StructureId { get; set; }
    public string? ServiceCode { get; set; }

    /// <summary>The service the code named, resolved when the event was recorded; null for a whole-structure event.</summary>
    public Guid? ServiceUnitId { get; set; }

    public string? InvoiceNumber { get; set; }
    public InvoiceSide? InvoiceSide { get; set; }

    /// <summary>Chorus Pro invoice status code (DEPOSEE, REJETEE…) or the portal decision.</summary>
    public string? StatusCode { get; set; }

    public string? Reason { get; set; }

    /// <summary>Membership events: the display name of the user whose membership it is (« Le rattachement de … »).</summary>
    public string? SubjectName { get; set; }

    /// <summary>Membership events: the end date the event is about (« prend fin le … », « a pris fin le … »).</summary>
    public DateOnly? EffectiveDate { get; set; }

    /// <summary>The space of a subscription decision (<see cref="NotificationEventKind.SubscriptionDecision"/>).</summary>
    public int? SpaceId { get; set; }

    /// <summary>The mode of a subscription decision.</summary>
    public Subscriptions.SubscriptionMode? Mode { get; set; }

    /// <summary>
    /// A contact email change (<see cref="NotificationEventKind.ContactEmailChanged"/>): the address the user chose; the
    /// notice to the previous address shows it partly masked (<see cref="Accounts.ContactEmail.Mask"/>).
    /// </summary>
    public string? NewContactEmail { get; set; }

    public DateTime OccurredAt { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum NotificationEventKind
{
    InvoiceStatus = 1,
    RequestDecision = 2,
    SubscriptionDecision = 3,
    PendingRequest = 4,

    /// <summary>A membership reaches its end date within the reminder delay: to its user and the structure's managers, once.</summary>
    MembershipEnding = 5,

    /// <summary>A membership was ended by the daily job, its end date past: to its user.</summary>
    MembershipEnded = 6,

    /// <summary>A request still pending after the reminder delay, for its deciders (StatusCode: <c>RATTACHEMENT</c> or <c>ABONNEMENT</c>).</summary>
    PendingReminder = 10,

    /// <summary>The requester's request expired undecided (StatusCode: <c>RATTACHEMENT</c> or <c>ABONNEMENT</c>).</summary>
    RequestExpired = 11,

    /// <summary>
    /// The user changed its contact email: told by an email of its own to the previous address (the outbox row's
    /// <see cref="NotificationDigest.Recipient"/>), whatever « Recevoir des notifications » says; never in the digest.
    /// </summary>
    ContactEmailChanged = 12,
}

public enum InvoiceSide
{
    Sender = 1,
    Recipient = 2,
}
