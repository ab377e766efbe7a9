using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Notifications;

/// <summary>A claimed digest is either composed, or skipped with the reason.</summary>
public sealed record ComposedDigest(ClaimedDigest Digest, DigestContent? Content, string? SkipReason);

/// <summary>
/// Reads what a batch of claimed digests needs in four set-based queries (users, their routing lines joined to the window's
/// events, their portal events, the structures), whatever the batch size, then groups each user's events. A decision
/// email (<see cref="ClaimedDigest.EventId"/>) carries its own event, read by id with the others, and the label of its
/// service (one more query, only when a batch has decision emails naming a service); the notice of a contact email change
/// goes to the previous address written with its row.
/// </summary>
public sealed class ComposeDigests(ChorusAccountDbContext db, TimeProvider clock)
{
    public const string NotificationsOff = "Notifications désactivées par l'utilisateur";
    public const string Deactivated = "Compte désactivé";
    public const string NothingLeft = "Plus aucun événement à envoyer";

    public async Task<IReadOnlyList<ComposedDigest>> ExecuteAsync(IReadOnlyList<ClaimedDigest> digests, CancellationToken ct)
    {
        if (digests.Count == 0)
        {
            return [];
        }

        var userIds = digests.Select(d => d.UserId).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.ContactEmail, u.FirstName, u.LastName, u.Language, u.Status, u.ReceiveNotifications })
            .ToDictionaryAsync(u => u.Id, ct);
        var daily = digests.Where(d => d.EventId is null).ToList();
        List<EventRecipient> pairs = [];
        if (daily.Count > 0)
        {
            var after = daily.Min(d => d.EventsAfter);
            var until = daily.Max(d => d.EventsUntil);
            var dailyUsers = daily.Select(d => d.UserId).Distinct().ToList();
            var window = db.NotificationEvents.Where(e => e.CreatedAt > after && e.CreatedAt <= until);
            pairs = await DigestRecipients.Of(window, DigestRecipients.InvoiceLines(db, ParisDate.Today(clock), dailyUsers), dailyUsers).ToListAsync(ct);
        }

        var eventIds = pairs.Select(p => p.EventId).Concat(digests.Where(d => d.EventId is not null).Select(d => d.EventId!.Value)).Distinct().ToList();
        var events = await db.NotificationEvents.AsNoTracking().Where(e => eventIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        var serviceIds = digests.Where(d => d.EventId is not null && events.ContainsKey(d.EventId.Value))
            .Select(d => events[d.EventId!.Value].ServiceUnitId).OfType<Guid>().Distinct().ToList();
        var services = serviceIds.Count == 0 ? [] : await db.ServiceUnits.AsNoTracking().Where(s => serviceIds.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.Label, ct);
        var structureIds = events.Values.Where(e => e.StructureId != null).Select(e => e.StructureId!.Value).Distinct().ToList();
        var structures = await db.Structures.AsNoTracking().Where(s => structureIds.Contains(s.Id))
            .Select(s => new { s.Id, s.CompanyName, s.Identifier }).ToDictionaryAsync(s => s.Id, ct);
        var byUser = pairs.ToLookup(p => p.UserId);

        var composed = new List<ComposedDigest>(digests.Count);
        foreach (var digest in digests)
        {
            if (!users.TryGetValue(digest.UserId, out var user) || user.Status != UserStatus.Active)
            {
                composed.Add(new(digest, null, Deactivated));
                continue;
            }

            var own = digest.EventId is { } eventId ? events.GetValueOrDefault(eventId) : null;
            if (own is { Kind: NotificationEventKind.ContactEmailChanged })
            {
                // A security notice, to the previous address: sent whatever « Recevoir des notifications » says, since
                // the same form may have unticked it.
                composed.Add(digest.Recipient is { } previous && own.NewContactEmail is { } chosen
                    ? new(digest, new DigestContent(digest, previous, User.DisplayNameOf(user.FirstName, user.LastName), user.Language, [],
                        EmailChange: new ContactEmailChangeMail(chosen, own.OccurredAt)), null)
                    : new(digest, null, NothingLeft));
                continue;
            }

            if (!user.ReceiveNotifications)
            {
                composed.Add(new(digest, null, NotificationsOff));
                continue;
            }

            if (digest.EventId is not null)
            {
                composed.Add(own is not null
                    ? new(digest, new DigestContent(digest, user.ContactEmail, User.DisplayNameOf(user.FirstName, user.LastName), user.Language, [], Decision(own)), null)
                    : new(digest, null, NothingLeft));
                continue;
            }

            var mine = byUser[digest.UserId]
                .Where(p => p.CreatedAt > digest.EventsAfter && p.CreatedAt <= digest.EventsUntil)
                .Select(p => p.EventId).Distinct()
                .Select(id => events[id])
                .ToList();
            if (mine.Count == 0)
            {
                composed.Add(new(digest, null, NothingLeft));
                continue;
            }

            var groups = mine
                .GroupBy(e => e.StructureId)
                .Select(s => new DigestStructure(
                    s.Key,
                    s.Key is { } id && structures.TryGetValue(id, out var structure) ? structure.CompanyName : null,
                    s.Key is { } id2 && structures.TryGetValue(id2, out var structure2) ? structure2.Identifier : null,
                    [.. s.GroupBy(e => (e.Kind, e.StatusCode))
                        .OrderBy(g => GroupOrder(g.Key.Kind, g.Key.StatusCode))
                        .Select(g => new DigestGroup(g.Key.Kind, g.Key.StatusCode, [.. g
                            .OrderBy(e => e.OccurredAt).ThenBy(e => e.InvoiceNumber, StringComparer.Ordinal)
                            .Select(e => new DigestItem(e.InvoiceNumber, e.InvoiceSide, e.ServiceCode, e.Reason, e.OccurredAt, e.SubjectName, e.EffectiveDate))]))]))
                .OrderBy(s => s.Name is null ? 1 : 0).ThenBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
                .ToList();
            composed.Add(new(digest, new DigestContent(digest, user.ContactEmail, User.DisplayNameOf(user.FirstName, user.LastName), user.Language, groups), null));
        }

        return composed;

        DecisionMail Decision(NotificationEvent e) => new(
            e.StatusCode != DecisionContext.RefusedCode,
            e.StructureId is { } id && structures.TryGetValue(id, out var structure) ? structure.CompanyName : "",
            e.Reason,
            e.SpaceId is { } space ? SpaceCatalog.ById.GetValueOrDefault(space) : null,
            e.ServiceUnitId is { } service ? services.GetValueOrDefault(service) : null,
            e.Mode);
    }

    // What the user must act on first: requests waiting for it (the oldest first), memberships about to end, then what
    // became of its own requests and memberships, then invoices.
    private static int GroupOrder(NotificationEventKind kind, string? status) => kind switch
    {
        NotificationEventKind.PendingReminder => -6,
        NotificationEventKind.PendingRequest => -5,
        NotificationEventKind.MembershipEnding => -4,
        NotificationEventKind.RequestDecision => -3,
        NotificationEventKind.SubscriptionDecision => -2,
        NotificationEventKind.RequestExpired => -2,
        NotificationEventKind.MembershipEnded => -1,
        _ => InvoiceStatusCodes.Order(status),
    };
}
