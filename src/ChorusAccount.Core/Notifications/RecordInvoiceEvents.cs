using ChorusAccount.Core.Data;
using ChorusAccount.Core.Structures;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Notifications;

/// <summary>One invoice lifecycle event as the invoice module sends it, its shape already checked.</summary>
public sealed record InvoiceEventInput(
    string EventId,
    string InvoiceNumber,
    InvoiceSide Side,
    StructureIdentifierType StructureIdentifierType,
    string StructureIdentifier,
    string? ServiceCode,
    string StatusCode,
    DateTime OccurredAt,
    string? Reason);

public enum InvoiceEventRefusal
{
    UnknownStructure,
    UnknownService,
}

/// <param name="Index">Position of the event in the request.</param>
public sealed record InvoiceEventProblem(int Index, InvoiceEventRefusal Refusal);

/// <param name="Recorded">False: the event id was already recorded (with the same content), nothing was written.</param>
public sealed record InvoiceEventOutcome(string EventId, bool Recorded);

/// <param name="Problems">Events naming an unknown structure or service: nothing was written.</param>
/// <param name="Conflicts">Event ids already recorded with another content: nothing was written.</param>
public sealed record RecordInvoiceEventsResult(IReadOnlyList<InvoiceEventProblem> Problems, IReadOnlyList<string> Conflicts, IReadOnlyList<InvoiceEventOutcome> Outcomes)
{
    public bool Refused => Problems.Count > 0 || Conflicts.Count > 0;
}

/// <summary>
/// Stores invoice events for the digest, all of a request or none. An event id is recorded once: a repeat with the same
/// content is answered as a duplicate; the unique index on the id settles two requests racing with the same one.
/// </summary>
/// <param name="metrics">Told each request's events by outcome: recorded, duplicate, or refused (the whole request).</param>
public sealed class RecordInvoiceEvents(ChorusAccountDbContext db, TimeProvider clock, PortalMetrics? metrics = null)
{
    private const int Attempts = 3;

    public async Task<RecordInvoiceEventsResult> ExecuteAsync(IReadOnlyList<InvoiceEventInput> events, CancellationToken ct)
    {
        var result = await RecordAsync(events, ct);
        var recorded = result.Outcomes.Count(o => o.Recorded);
        metrics?.InvoiceEventsReceived(recorded, result.Outcomes.Count - recorded, result.Refused ? events.Count : 0);
        return result;
    }

    private async Task<RecordInvoiceEventsResult> RecordAsync(IReadOnlyList<InvoiceEventInput> events, CancellationToken ct)
    {
        var identifiers = events.Select(e => e.StructureIdentifier).Distinct().ToList();
        var structures = await db.Structures.AsNoTracking()
            .Where(s => identifiers.Contains(s.Identifier))
            .Select(s => new { s.Id, s.IdentifierType, s.Identifier, Services = s.Services.Select(u => new { u.Id, u.Code }).ToList() })
            .ToListAsync(ct);
        var problems = new List<InvoiceEventProblem>();
        var resolved = new List<NotificationEvent>(events.Count);
        var now = clock.GetUtcNow().UtcDateTime;
        for (var i = 0; i < events.Count; i++)
        {
            var input = events[i];
            var structure = structures.SingleOrDefault(s => s.IdentifierType == input.StructureIdentifierType && s.Identifier == input.StructureIdentifier);
            if (structure is null)
            {
                problems.Add(new(i, InvoiceEventRefusal.UnknownStructure));
                continue;
            }

            Guid? serviceId = null;
            if (input.ServiceCode is not null)
            {
                serviceId = structure.Services.SingleOrDefault(s => s.Code == input.ServiceCode)?.Id;
                if (serviceId is null)
                {
                    problems.Add(new(i, InvoiceEventRefusal.UnknownService));
                    continue;
                }
            }

            resolved.Add(new NotificationEvent
            {
                ExternalId = input.EventId,
                Kind = NotificationEventKind.InvoiceStatus,
                StructureId = structure.Id,
                ServiceCode = input.ServiceCode,
                ServiceUnitId = serviceId,
                InvoiceNumber = input.InvoiceNumber,
                InvoiceSide = input.Side,
                StatusCode = input.StatusCode,
                Reason = input.Reason,
                OccurredAt = input.OccurredAt,
                CreatedAt = now,
            });
        }

        if (problems.Count > 0)
        {
            return new(problems, [], []);
        }

        for (var attempt = 1; ; attempt++)
        {
            var result = await TryInsertAsync(resolved, ct);
            if (result is not null)
            {
                return result;
            }

            if (attempt == Attempts)
            {
                throw new InvalidOperationException("Invoice events could not be recorded: the event ids kept colliding with concurrent requests.");
            }
        }
    }

    /// <summary>Null when a concurrent request recorded one of the ids first: read again and retry.</summary>
    private async Task<RecordInvoiceEventsResult?> TryInsertAsync(List<NotificationEvent> events, CancellationToken ct)
    {
        var ids = events.Select(e => e.ExternalId!).Distinct().ToList();
        // Keyed regardless of case: SQL Server's default collation finds « EVT-1 » for « evt-1 », and its unique index
        // refuses both, so they are one id there; the other engines only return exact matches.
        var stored = new Dictionary<string, NotificationEvent>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in await db.NotificationEvents.AsNoTracking().Where(e => e.ExternalId != null && ids.Contains(e.ExternalId)).ToListAsync(ct))
        {
            stored.TryAdd(row.ExternalId!, row);
        }

        var outcomes = new List<InvoiceEventOutcome>(events.Count);
        var conflicts = new List<string>();
        var toAdd = new List<NotificationEvent>();
        foreach (var e in events)
        {
            if (stored.TryGetValue(e.ExternalId!, out var existing))
            {
                if (!SameContent(existing, e))
                {
                    conflicts.Add(e.ExternalId!);
                }

                outcomes.Add(new(e.ExternalId!, Recorded: false));
                continue;
            }

            // The same id twice in one request: the first is recorded, the second is its duplicate.
            stored[e.ExternalId!] = e;
            toAdd.Add(e);
            outcomes.Add(new(e.ExternalId!, Recorded: true));
        }

        if (conflicts.Count > 0)
        {
            return new([], conflicts.Distinct().ToList(), []);
        }

        if (toAdd.Count > 0)
        {
            db.NotificationEvents.AddRange(toAdd);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                foreach (var e in toAdd)
                {
                    e.Id = NewId.Sequential();
                }

                return null;
            }
        }

        return new([], [], outcomes);
    }

    private static bool SameContent(NotificationEvent a, NotificationEvent b) =>
        a.Kind == b.Kind && a.InvoiceNumber == b.InvoiceNumber && a.InvoiceSide == b.InvoiceSide && a.StructureId == b.StructureId
        && a.ServiceCode == b.ServiceCode && a.StatusCode == b.StatusCode && a.Reason == b.Reason
        && Math.Abs((a.OccurredAt - b.OccurredAt).Ticks) < TimeSpan.TicksPerMillisecond;
}
