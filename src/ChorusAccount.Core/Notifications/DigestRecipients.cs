using ChorusAccount.Core.Data;
using ChorusAccount.Core.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Notifications;

/// <summary>One event reaching one user's digest.</summary>
public sealed class EventRecipient
{
    public Guid UserId { get; init; }
    public Guid EventId { get; init; }
    public DateTime CreatedAt { get; init; }
}

/// <summary>
/// Who receives what, as one query: an invoice event reaches the holders of Factures émises (sender side) or
/// Factures reçues (recipient side) of its structure — whole-structure lines always, service lines when the event names
/// that service (the rule of <see cref="SpaceLines.Holders"/>); a portal event reaches the user it names, except a
/// manager's decision and a contact email change: those have their own email (<see cref="NotificationDigest.EventId"/>),
/// never the digest.
/// A user holding two matching lines appears twice: readers take distinct pairs.
/// </summary>
public static class DigestRecipients
{
    public static readonly int InvoicesSentSpaceId = SpaceCatalog.All.Single(s => s.Code == SpaceCatalog.InvoicesSent).Id;
    public static readonly int InvoicesReceivedSpaceId = SpaceCatalog.All.Single(s => s.Code == SpaceCatalog.InvoicesReceived).Id;

    /// <param name="events">The events considered (a window of time).</param>
    /// <param name="lines">Space lines to route invoice events over: <see cref="SpaceLines.Active"/>, or some users' share of it.</param>
    /// <param name="users">When given, portal events of these users only.</param>
    public static IQueryable<EventRecipient> Of(IQueryable<NotificationEvent> events, IQueryable<SpaceLine> lines, IReadOnlyCollection<Guid>? users = null)
    {
        var sent = InvoicesSentSpaceId;
        var received = InvoicesReceivedSpaceId;
        var invoices =
            from e in events
            where e.Kind == NotificationEventKind.InvoiceStatus
            join l in lines on e.StructureId equals (Guid?)l.StructureId
            where l.SpaceId == (e.InvoiceSide == InvoiceSide.Sender ? sent : received)
                && (l.ServiceUnitId == null || l.ServiceUnitId == e.ServiceUnitId)
            select new EventRecipient { UserId = l.UserId, EventId = e.Id, CreatedAt = e.CreatedAt };
        var portal = events.Where(e => e.RecipientUserId != null
            && e.Kind != NotificationEventKind.RequestDecision && e.Kind != NotificationEventKind.SubscriptionDecision
            && e.Kind != NotificationEventKind.ContactEmailChanged);
        if (users is not null)
        {
            var ids = users.ToArray();
            portal = portal.Where(e => ids.Contains(e.RecipientUserId!.Value));
        }

        return invoices.Concat(portal.Select(e => new EventRecipient { UserId = e.RecipientUserId!.Value, EventId = e.Id, CreatedAt = e.CreatedAt }));
    }

    /// <summary>
    /// Every user who may hold a line routing invoice events: the whole of <see cref="SpaceLines.Active"/> on
    /// <paramref name="today"/> (memberships in force that day only).
    /// </summary>
    public static IQueryable<SpaceLine> InvoiceLines(ChorusAccountDbContext db, DateOnly today, IReadOnlyCollection<Guid>? users = null)
    {
        var sent = InvoicesSentSpaceId;
        var received = InvoicesReceivedSpaceId;
        var lines = SpaceLines.Active(db, today).Where(l => l.SpaceId == sent || l.SpaceId == received);
        if (users is null)
        {
            return lines;
        }

        var ids = users.ToArray();
        return lines.Where(l => ids.Contains(l.UserId));
    }
}
