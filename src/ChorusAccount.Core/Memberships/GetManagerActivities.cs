using System.Linq.Expressions;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Subscriptions;
using LinqKit;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Memberships;

public sealed record PendingRequestRow(Guid Id, string StructureName, string RequesterName, string RequesterLogin, bool WholeStructure, IReadOnlyList<string> Services, DateOnly StartDate, DateOnly? EndDate, DateTime RequestedAt);

public sealed record PendingSubscriptionRow(Guid Id, string StructureName, string RequesterName, string RequesterLogin, SubscriptionSubject Subject, DateTime RequestedAt);

/// <summary>A decision of the history: on a membership request, or on a subscription request (<see cref="Subscription"/>).</summary>
public sealed record DecisionRow(string StructureName, string RequesterName, bool Approved, string DecidedBy, DateTime DecidedAt, string? Reason, SubscriptionSubject? Subscription);

/// <param name="Decides">The requests this user decides as a manager of the structure (<see cref="StructureManagers"/>); null: none.</param>
public sealed record StructureUserRow(
    string Name, string Login, MembershipRole Role, bool WholeStructure, IReadOnlyList<string> Services, DateOnly StartDate, DateOnly? EndDate, DecidedRequests? Decides = null);

/// <summary>What a manager decides: every request of the structure, or those for these services only.</summary>
public sealed record DecidedRequests(bool WholeStructure, IReadOnlyList<string> Services);

public sealed record ManagedStructure(Guid Id, string Name, string Identifier, IReadOnlyList<StructureUserRow> Users);

/// <summary>How many requests wait for a manager's decision: those « Activités du gestionnaire » lists.</summary>
public sealed record RequestsToDecide(int Memberships, int Subscriptions)
{
    public int Total => Memberships + Subscriptions;
}

public sealed record ManagerActivities(
    IReadOnlyList<ManagedStructure> Structures, IReadOnlyList<PendingRequestRow> Pending, IReadOnlyList<PendingSubscriptionRow> PendingSubscriptions, IReadOnlyList<DecisionRow> History);

/// <summary>
/// « Activités du gestionnaire »: only the structures the signed-in user manages from there (<see cref="StructureManagers"/>);
/// null for anyone else. The pending requests shown are those it decides (a manager of some services sees the requests
/// for those services only); its own requests are for the structure's other managers. Each user row says what its
/// manager decides.
/// </summary>
public sealed class GetManagerActivities(ChorusAccountDbContext db, TimeProvider clock)
{
    public const int HistorySize = 50;

    // The manager's own lines: the space-lines rule over its rows, compiled once (CompiledUserQuery).
    private static readonly CompiledUserQuery<SpaceLine> _managerLines = new(StructureManagers.LinesOf);

    /// <summary>
    /// How many pending requests the manager decides, the same ones <see cref="ExecuteAsync"/> lists (the same rule,
    /// <see cref="StructureManagers.Decides(Guid, Membership, IReadOnlyCollection{SpaceLine})"/>), reading only what the
    /// rule needs: no names, no history, no users. Null for a user who manages no structure.
    /// </summary>
    public async Task<RequestsToDecide?> CountAsync(Guid managerId, CancellationToken ct)
    {
        var today = ParisDate.Today(clock);
        var lines = await _managerLines.ToListAsync(db, managerId, today, ct);
        var managed = lines.Select(l => l.StructureId).Distinct().ToList();
        if (managed.Count == 0)
        {
            return null;
        }

        var pendingRows = await _pendingToCount.ToListAsync(db, managed, today, ct);
        var services = await MembershipServiceLabels.ForAsync(db, pendingRows.Where(m => !m.WholeStructure).Select(m => m.Id), ct);
        var memberships = pendingRows.Count(m => StructureManagers.Decides(managerId, AsRequest(m.Id, m.UserId, m.StructureId, m.WholeStructure, services), lines));
        var subscriptions = (await _pendingSubscriptionsToCount.ToListAsync(db, managed, today, ct))
            .Count(s => StructureManagers.Decides(managerId, s, lines));
        return new RequestsToDecide(memberships, subscriptions);
    }

    public async Task<ManagerActivities?> ExecuteAsync(Guid managerId, CancellationToken ct)
    {
        // The manager's lines, read once: the queries below name its structures as one list parameter, and which of their
        // requests it decides is the rule run on these lines (StructureManagers.Decides), not the space-lines union again.
        var today = ParisDate.Today(clock);
        var lines = await _managerLines.ToListAsync(db, managerId, today, ct);
        var managed = lines.Select(l => l.StructureId).Distinct().ToArray();
        if (managed.Length == 0)
        {
            return null;
        }

        var structures = await _structures.ToListAsync(db, managed, today, ct);
        var pendingRows = await _pendingRows.ToListAsync(db, managed, today, ct);
        var userRows = await _userRows.ToListAsync(db, managed, today, ct);

        // The services of the requests and of the structures' users, in one read.
        var services = await MembershipServiceLabels.ForAsync(
            db, pendingRows.Where(m => !m.WholeStructure).Select(m => m.Id).Concat(userRows.Where(m => !m.WholeStructure).Select(m => m.Id)), ct);
        var pending = pendingRows
            .Where(m => StructureManagers.Decides(managerId, AsRequest(m.Id, m.UserId, m.StructureId, m.WholeStructure, services), lines))
            .Select(m => new PendingRequestRow(
            m.Id, m.CompanyName, m.Name, m.Login, m.WholeStructure, services.Labels(m.Id), m.StartDate, m.EndDate, m.RequestedAt)).ToList();

        var pendingSubscriptions = (await _pendingSubscriptionRows.ToListAsync(db, managed, today, ct))
            .Where(s => StructureManagers.Decides(managerId, s.Request, lines))
            .Select(s => s.Row)
            .ToList();

        var membershipDecisions = await _membershipDecisions.ToListAsync(db, managed, today, ct);
        var subscriptionDecisions = await _subscriptionDecisions.ToListAsync(db, managed, today, ct);
        var history = membershipDecisions.Concat(subscriptionDecisions).OrderByDescending(d => d.DecidedAt).Take(HistorySize).ToList();

        var decides = await DecidedRequestsAsync(managed, today, ct);
        var users = userRows.Select(m => new
        {
            m.StructureId,
            Row = new StructureUserRow(m.Name, m.Login, m.Role, m.WholeStructure, services.Labels(m.Id), m.StartDate, m.EndDate,
                decides.GetValueOrDefault((m.StructureId, m.UserId))),
        }).ToList();

        return new ManagerActivities(
            [.. structures.Select(s => new ManagedStructure(s.Id, s.CompanyName, s.Identifier, [.. users.Where(u => u.StructureId == s.Id).Select(u => u.Row)]))],
            pending,
            pendingSubscriptions,
            history);
    }

    /// <summary>The pending membership requests of the managed structures: those the manager decides among them are
    /// kept by <see cref="StructureManagers.Decides(Guid, Membership, IReadOnlyCollection{SpaceLine})"/> (never its own).</summary>
    private static IQueryable<Membership> PendingMemberships(ChorusAccountDbContext db, Guid[] managed) =>
        db.Memberships.AsNoTracking()
            .Where(m => managed.Contains(m.StructureId) && m.Status == MembershipStatus.Pending);

    /// <summary>The pending subscription requests of the managed structures still covered: those the manager decides
    /// among them are kept by <see cref="StructureManagers.Decides(Guid, Subscription, IReadOnlyCollection{SpaceLine})"/>.</summary>
    private static IQueryable<Subscription> PendingSubscriptions(ChorusAccountDbContext db, Guid[] managed, DateOnly today) =>
        SpaceLines.Covered(db, today).AsNoTracking()
            .Where(s => managed.Contains(s.StructureId) && s.Status == SubscriptionStatus.Pending);

    // The page's statements, each compiled once (CompiledIdsQuery): the managed structures are their one list parameter.
    private static readonly CompiledIdsQuery<StructureRead> _structures = new((db, managed, _) =>
        db.Structures.AsNoTracking()
            .Where(s => managed.Contains(s.Id))
            .OrderBy(s => s.CompanyName)
            .Select(s => new StructureRead { Id = s.Id, CompanyName = s.CompanyName, Identifier = s.Identifier }));

    // What the page shows of a request or of a structure's user.
    private static readonly Expression<Func<Membership, MembershipRead>> _asRead = m => new MembershipRead
    {
        Id = m.Id,
        UserId = m.UserId,
        StructureId = m.StructureId,
        CompanyName = m.Structure!.CompanyName,
        Name = User.DisplayNameOf(m.User!.FirstName, m.User.LastName),
        Login = m.User.Login,
        Role = m.Role,
        WholeStructure = m.WholeStructure,
        StartDate = m.StartDate,
        EndDate = m.EndDate,
        RequestedAt = m.RequestedAt,
    };

    private static readonly CompiledIdsQuery<MembershipRead> _pendingRows = new((db, managed, _) =>
        PendingMemberships(db, managed).OrderBy(m => m.RequestedAt).Select(_asRead));

    private static readonly CompiledIdsQuery<MembershipRead> _userRows = new((db, managed, _) =>
        db.Memberships.AsNoTracking()
            .Where(m => managed.Contains(m.StructureId) && m.Status == MembershipStatus.Active)
            .OrderBy(m => m.User!.LastName).ThenBy(m => m.User!.FirstName)
            .Select(_asRead));

    private static readonly CompiledIdsQuery<PendingSubscriptionRead> _pendingSubscriptionRows = new((db, managed, today) =>
        PendingSubscriptions(db, managed, today)
            .OrderBy(s => s.RequestedAt)
            .Select(s => new PendingSubscriptionRead
            {
                Request = new Subscription { UserId = s.UserId, StructureId = s.StructureId, ServiceUnitId = s.ServiceUnitId },
                Row = new PendingSubscriptionRow(
                    s.Id, s.Structure!.CompanyName, User.DisplayNameOf(s.User!.FirstName, s.User.LastName), s.User.Login,
                    new SubscriptionSubject(s.Space!.LabelFr, s.Space.LabelEn, s.ServiceUnit == null ? null : s.ServiceUnit.Label, s.Mode), s.RequestedAt),
            }));

    private static readonly CompiledIdsQuery<DecisionRow> _membershipDecisions = new((db, managed, _) =>
        (from m in db.Memberships.AsNoTracking()
         where managed.Contains(m.StructureId) && m.DecidedByUserId != null
         join manager in db.Users.AsNoTracking() on m.DecidedByUserId equals manager.Id
         orderby m.DecidedAt descending
         select new DecisionRow(m.Structure!.CompanyName, User.DisplayNameOf(m.User!.FirstName, m.User.LastName), m.RefusalReason == null,
             User.DisplayNameOf(manager.FirstName, manager.LastName), m.DecidedAt!.Value, m.RefusalReason, null))
        .Take(HistorySize));

    private static readonly CompiledIdsQuery<DecisionRow> _subscriptionDecisions = new((db, managed, _) =>
        (from s in db.Subscriptions.AsNoTracking()
         where managed.Contains(s.StructureId) && s.DecidedByUserId != null
         join manager in db.Users.AsNoTracking() on s.DecidedByUserId equals manager.Id
         orderby s.DecidedAt descending
         select new DecisionRow(s.Structure!.CompanyName, User.DisplayNameOf(s.User!.FirstName, s.User.LastName), s.Status == SubscriptionStatus.Active,
             User.DisplayNameOf(manager.FirstName, manager.LastName), s.DecidedAt!.Value, s.RefusalReason,
             new SubscriptionSubject(s.Space!.LabelFr, s.Space.LabelEn, s.ServiceUnit == null ? null : s.ServiceUnit.Label, s.Mode)))
        .Take(HistorySize));

    private static readonly CompiledIdsQuery<ServiceLabelRead> _serviceLabels = new((db, serviceIds, _) =>
        db.ServiceUnits.AsNoTracking()
            .Where(u => serviceIds.Contains(u.Id))
            .Select(u => new ServiceLabelRead { Id = u.Id, Label = u.Label }));

    // What the counts read of the pending requests, compiled once (CompiledIdsQuery): the home page counts at every visit.
    private static readonly CompiledIdsQuery<PendingMembership> _pendingToCount = new((db, managed, _) =>
        PendingMemberships(db, managed).Select(m => new PendingMembership { Id = m.Id, UserId = m.UserId, StructureId = m.StructureId, WholeStructure = m.WholeStructure }));

    private static readonly CompiledIdsQuery<Subscription> _pendingSubscriptionsToCount = new((db, managed, today) =>
        PendingSubscriptions(db, managed, today).Select(s => new Subscription { UserId = s.UserId, StructureId = s.StructureId, ServiceUnitId = s.ServiceUnitId }));

    /// <summary>A pending membership request as the deciding rule reads it: its requester, structure and services.</summary>
    private static Membership AsRequest(Guid id, Guid userId, Guid structureId, bool wholeStructure, ILookup<Guid, MembershipServiceLabels.Service> services) => new()
    {
        UserId = userId,
        StructureId = structureId,
        WholeStructure = wholeStructure,
        Services = [.. services[id].Select(s => new MembershipService { MembershipId = id, ServiceUnitId = s.Id })],
    };

    /// <summary>What each manager of these structures decides, from its « Activités du gestionnaire » lines.</summary>
    private async Task<Dictionary<(Guid StructureId, Guid UserId), DecidedRequests>> DecidedRequestsAsync(Guid[] structureIds, DateOnly today, CancellationToken ct)
    {
        var lines = await StructureManagers.LinesOfStructuresAsync(db, structureIds, today, ct);
        var serviceIds = lines.Where(l => l.ServiceUnitId != null).Select(l => l.ServiceUnitId!.Value).Distinct().ToList();
        var labels = serviceIds.Count == 0
            ? []
            : (await _serviceLabels.ToListAsync(db, serviceIds, today, ct)).ToDictionary(u => u.Id, u => u.Label);
        return lines.GroupBy(l => (l.StructureId, l.UserId)).ToDictionary(
            g => g.Key,
            g => g.Any(l => l.ServiceUnitId == null)
                ? new DecidedRequests(true, [])
                : new DecidedRequests(false, [.. g.Select(l => labels[l.ServiceUnitId!.Value]).Distinct().Order(StringComparer.CurrentCulture)]));
    }

    private sealed class StructureRead
    {
        public Guid Id { get; init; }
        public required string CompanyName { get; init; }
        public required string Identifier { get; init; }
    }

    private sealed class MembershipRead
    {
        public Guid Id { get; init; }
        public Guid UserId { get; init; }
        public Guid StructureId { get; init; }
        public required string CompanyName { get; init; }
        public required string Name { get; init; }
        public required string Login { get; init; }
        public MembershipRole Role { get; init; }
        public bool WholeStructure { get; init; }
        public DateOnly StartDate { get; init; }
        public DateOnly? EndDate { get; init; }
        public DateTime RequestedAt { get; init; }
    }

    private sealed class PendingSubscriptionRead
    {
        public required Subscription Request { get; init; }
        public required PendingSubscriptionRow Row { get; init; }
    }

    private sealed class ServiceLabelRead
    {
        public Guid Id { get; init; }
        public required string Label { get; init; }
    }

    private sealed class PendingMembership
    {
        public Guid Id { get; init; }
        public Guid UserId { get; init; }
        public Guid StructureId { get; init; }
        public bool WholeStructure { get; init; }
    }
}
