using System.Linq.Expressions;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Core.Subscriptions;
using LinqKit;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Memberships;

/// <summary>
/// Who manages what from « Activités du gestionnaire »: a membership in force with a manager role
/// (<see cref="AccessRules.ManagerRole"/>), and that space held for the structure (<see cref="SpaceLines"/>). A manager
/// who removed the line no longer manages the structure from there. Which requests a manager decides follows the lines
/// held (<see cref="DecidesMembership"/>, <see cref="DecidesSubscription"/>): a whole-structure line decides every
/// request of the structure, a service line the requests for that service only. Each rule takes the day: managers are
/// managers while their membership is in force (<see cref="AccessRules.InForce"/>).
/// </summary>
public static class StructureManagers
{
    private static readonly int _managerActivities = SpaceCatalog.IdOf(SpaceCatalog.ManagerActivities);

    /// <summary>
    /// Whether the user decides the membership request among the manager <c>lines</c>: never its own; a
    /// request for the whole structure needs a whole-structure line, a request for services a line reaching each of
    /// them (<see cref="AccessRules.Reaches"/>).
    /// </summary>
    public static readonly Expression<Func<Membership, Guid, IEnumerable<SpaceLine>, bool>> DecidesMembership =
        (m, userId, lines) => m.UserId != userId
            && (m.WholeStructure
                ? lines.Any(l => l.UserId == userId && l.StructureId == m.StructureId && AccessRules.Reaches.Invoke(l.ServiceUnitId, null))
                : m.Services.Any() && m.Services.All(s => lines.Any(l => l.UserId == userId && l.StructureId == m.StructureId
                    && AccessRules.Reaches.Invoke(l.ServiceUnitId, s.ServiceUnitId))));

    /// <summary>Whether the user decides the subscription request: never its own, and a manager line reaching its service (null: the whole structure).</summary>
    public static readonly Expression<Func<Subscription, Guid, IEnumerable<SpaceLine>, bool>> DecidesSubscription =
        (s, userId, lines) => s.UserId != userId
            && lines.Any(l => l.UserId == userId && l.StructureId == s.StructureId && AccessRules.Reaches.Invoke(l.ServiceUnitId, s.ServiceUnitId));

    private static readonly CompiledIdsQuery<SpaceLine> _linesOfStructures =
        new((db, ids, today) => Lines(db, today).Where(l => ids.Contains(l.StructureId)));

    private static readonly Func<Membership, Guid, IEnumerable<SpaceLine>, bool> _decidesMembership = DecidesMembership.Expand().Compile();
    private static readonly Func<Subscription, Guid, IEnumerable<SpaceLine>, bool> _decidesSubscription = DecidesSubscription.Expand().Compile();

    /// <summary>The structures the user manages.</summary>
    public static IQueryable<Guid> StructureIds(ChorusAccountDbContext db, Guid userId, DateOnly today) =>
        LinesOf(db, userId, today).Select(h => h.StructureId);

    /// <summary>Whether the user manages any structure: <see cref="StructureIds"/> is not empty.</summary>
    public static Task<bool> ManagesAnyAsync(ChorusAccountDbContext db, Guid userId, DateOnly today, CancellationToken ct) =>
        StructureIds(db, userId, today).AnyAsync(ct);

    /// <summary>The users who manage the structure, whatever the services they decide for.</summary>
    public static IQueryable<Guid> ManagerIds(ChorusAccountDbContext db, Guid structureId, DateOnly today) =>
        Lines(db, today).Where(h => h.StructureId == structureId).Select(h => h.UserId).Distinct();

    /// <summary>The managers of several structures at once: <see cref="ManagerIds"/> as structure – user pairs.</summary>
    public static IQueryable<StructureManager> ManagerPairs(ChorusAccountDbContext db, IReadOnlyCollection<Guid> structureIds, DateOnly today)
    {
        var ids = structureIds.ToArray();
        return Lines(db, today).Where(h => ids.Contains(h.StructureId))
            .Select(h => new StructureManager { StructureId = h.StructureId, UserId = h.UserId }).Distinct();
    }

    /// <summary>The « Activités du gestionnaire » lines of every manager: who decides what, for every structure.</summary>
    public static IQueryable<SpaceLine> Lines(ChorusAccountDbContext db, DateOnly today) => Managing(db, SpaceLines.Active(db, today), today);

    /// <summary>One user's manager lines: <see cref="Lines"/> over that user's rows.</summary>
    public static IQueryable<SpaceLine> LinesOf(ChorusAccountDbContext db, Guid userId, DateOnly today) => Managing(db, SpaceLines.OfUser(db, userId, today), today);

    /// <summary>The manager lines of these structures, read (<see cref="Lines"/> compiled once, the structures one parameter).</summary>
    public static Task<List<SpaceLine>> LinesOfStructuresAsync(ChorusAccountDbContext db, IEnumerable<Guid> structureIds, DateOnly today, CancellationToken ct) =>
        _linesOfStructures.ToListAsync(db, structureIds, today, ct);

    /// <summary>The users who decide the membership request, among manager lines already read (<see cref="DecidesMembership"/>).</summary>
    public static IReadOnlyList<Guid> DecidersOf(Membership request, IReadOnlyCollection<SpaceLine> lines) =>
        [.. lines.Select(l => l.UserId).Distinct().Where(userId => Decides(userId, request, lines))];

    /// <summary>The users who decide the subscription request, among manager lines already read (<see cref="DecidesSubscription"/>).</summary>
    public static IReadOnlyList<Guid> DecidersOf(Subscription request, IReadOnlyCollection<SpaceLine> lines) =>
        [.. lines.Select(l => l.UserId).Distinct().Where(userId => Decides(userId, request, lines))];

    /// <summary>Whether the user decides the membership request, by manager lines already read (<see cref="DecidesMembership"/>).</summary>
    public static bool Decides(Guid userId, Membership request, IReadOnlyCollection<SpaceLine> lines) => _decidesMembership(request, userId, lines);

    /// <summary>Whether the user decides the subscription request, by manager lines already read (<see cref="DecidesSubscription"/>).</summary>
    public static bool Decides(Guid userId, Subscription request, IReadOnlyCollection<SpaceLine> lines) => _decidesSubscription(request, userId, lines);

    /// <summary>
    /// The deciders of a new request hear of it in their next daily digest. Returns how many there are: none, and the
    /// requester is told at once that nobody can decide it yet.
    /// </summary>
    public static int AnnounceRequest(ChorusAccountDbContext db, IReadOnlyList<Guid> deciders, Guid structureId, string? serviceCode, DateTime now)
    {
        db.NotificationEvents.AddRange(deciders.Select(id => new NotificationEvent
        {
            Kind = NotificationEventKind.PendingRequest,
            RecipientUserId = id,
            StructureId = structureId,
            ServiceCode = serviceCode,
            OccurredAt = now,
            CreatedAt = now,
        }));
        return deciders.Count;
    }

    private static IQueryable<SpaceLine> Managing(ChorusAccountDbContext db, IQueryable<SpaceLine> lines, DateOnly today)
    {
        var inForce = AccessRules.InForce(today);
        return lines.Where(l => l.SpaceId == _managerActivities
            && db.Memberships.Any(m => m.UserId == l.UserId && m.StructureId == l.StructureId
                && inForce.Invoke(m) && AccessRules.ManagerRole.Invoke(m.Role)));
    }
}

/// <summary>A manager of a structure (<see cref="StructureManagers.ManagerPairs"/>).</summary>
public sealed class StructureManager
{
    public Guid StructureId { get; init; }
    public Guid UserId { get; init; }
}
