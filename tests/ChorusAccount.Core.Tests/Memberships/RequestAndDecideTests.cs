using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Tests.Memberships;

public sealed class RequestAndDecideTests : IDisposable
{
    private readonly MembershipWorld _world = new();

    public void Dispose() => _world.Dispose();

    private async Task<RequestMembershipResult> RequestAsync(Guid userId, MembershipRequest request)
    {
        await using var db = _world.Database.CreateContext();
        return await new RequestMembership(db, _world.Clock).ExecuteAsync(userId, "pdufour", request, CancellationToken.None);
    }

    private async Task<DecideResult> DecideAsync(Guid managerId, Guid id, RequestDecision decision, string? reason = null)
    {
        await using var db = _world.Database.CreateContext();
        return await new DecideMemberships(db, _world.Clock).ExecuteAsync(managerId, "efontaine", [id], decision, reason, CancellationToken.None);
    }

    private (Guid Requester, Guid Manager, Guid Secondary, ChorusAccount.Core.Structures.Structure Ccas) Ccas()
    {
        var requester = _world.User("pdufour");
        var manager = _world.User("efontaine");
        var secondary = _world.User("mleroux");
        var ccas = _world.Structure("CCAS D'EXEMPLE", "26450123000017", "Orléans", "SERV-ACCUEIL", "SERV-SOCIAL", "SERV-SENIORS");
        _world.Membership(manager, ccas, MembershipRole.PrimaryManager);
        _world.Membership(secondary, ccas, MembershipRole.SecondaryManager);
        return (requester, manager, secondary, ccas);
    }

    [Fact]
    public async Task A_request_for_two_services_is_pending_from_the_portal_and_announced_to_every_manager()
    {
        var (requester, manager, secondary, ccas) = Ccas();
        var services = ccas.Services.Where(s => s.Code != "SERV-ACCUEIL").Select(s => s.Id).ToList();

        var result = await RequestAsync(requester, new MembershipRequest(ccas.Id, _world.Today, null, false, services));

        Assert.Null(result.Refusal);
        await using var db = _world.Database.CreateContext();
        var membership = await db.Memberships.Include(m => m.Services).SingleAsync(m => m.Id == result.MembershipId);
        Assert.Equal((MembershipStatus.Pending, MembershipOrigin.Portal, MembershipRole.Member, false), (membership.Status, membership.Origin, membership.Role, membership.WholeStructure));
        Assert.Equal(services.Order(), membership.Services.Select(s => s.ServiceUnitId).Order());
        var events = await db.NotificationEvents.ToListAsync();
        Assert.Equal(new[] { manager, secondary }.Order(), events.Select(e => e.RecipientUserId!.Value).Order());
        Assert.All(events, e => Assert.Equal((NotificationEventKind.PendingRequest, ccas.Id), (e.Kind, e.StructureId!.Value)));
    }

    [Fact]
    public async Task A_second_identical_request_is_refused_as_a_duplicate_and_nothing_is_written()
    {
        var (requester, _, _, ccas) = Ccas();
        var request = new MembershipRequest(ccas.Id, _world.Today, null, true, []);
        await RequestAsync(requester, request);

        var second = await RequestAsync(requester, request);

        Assert.Equal(MembershipRefusal.Duplicate, second.Refusal);
        await using var db = _world.Database.CreateContext();
        Assert.Equal(1, await db.Memberships.CountAsync(m => m.UserId == requester));
    }

    [Fact]
    public async Task The_same_form_posted_again_answers_with_its_request_and_writes_nothing_more()
    {
        var (requester, _, _, ccas) = Ccas();
        var request = new MembershipRequest(ccas.Id, _world.Today, null, true, [], RequestKey: Guid.NewGuid());
        var first = await RequestAsync(requester, request);

        var again = await RequestAsync(requester, request);

        Assert.Equal((null, first.MembershipId), (again.Refusal, again.MembershipId));
        await using var db = _world.Database.CreateContext();
        Assert.Equal(1, await db.Memberships.CountAsync(m => m.UserId == requester));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.UserId == requester && a.Action == RequestMembership.RequestedAction));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_same_form_posted_twice_at_once_makes_one_request(bool wholeStructure)
    {
        var (requester, manager, secondary, ccas) = Ccas();
        var services = wholeStructure ? [] : ccas.Services.Take(2).Select(s => s.Id).ToList();
        var request = new MembershipRequest(ccas.Id, _world.Today, null, wholeStructure, services, RequestKey: Guid.NewGuid());
        RequestMembershipResult? other = null;
        // The other post runs to its end after this one has checked and before it saves: both saw no request.
        await using var racing = _world.Database.CreateContext(new BeforeSave(async () => other = await RequestAsync(requester, request)));

        var result = await new RequestMembership(racing, _world.Clock).ExecuteAsync(requester, "pdufour", request, CancellationToken.None);

        Assert.NotNull(other);
        Assert.Equal((null, null), (other.Refusal, result.Refusal));
        Assert.Equal(other.MembershipId, result.MembershipId);
        await using var db = _world.Database.CreateContext();
        var saved = await db.Memberships.Include(m => m.Services).SingleAsync(m => m.UserId == requester);
        Assert.Equal(services.Order(), saved.Services.Select(s => s.ServiceUnitId).Order());
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.UserId == requester && a.Action == RequestMembership.RequestedAction));
        Assert.Equal(new[] { manager, secondary }.Order(), (await db.NotificationEvents.ToListAsync()).Select(e => e.RecipientUserId!.Value).Order());
    }

    [Fact]
    public async Task Another_user_s_form_key_is_a_new_request_of_its_own()
    {
        var (requester, _, _, ccas) = Ccas();
        var neighbour = _world.User("jmartin");
        var key = Guid.NewGuid();
        var theirs = await RequestAsync(neighbour, new MembershipRequest(ccas.Id, _world.Today, null, true, [], key));

        var mine = await RequestAsync(requester, new MembershipRequest(ccas.Id, _world.Today, null, true, [], key));

        Assert.Null(mine.Refusal);
        Assert.NotEqual(theirs.MembershipId, mine.MembershipId);
        await using var db = _world.Database.CreateContext();
        Assert.Equal(requester, (await db.Memberships.SingleAsync(m => m.Id == mine.MembershipId)).UserId);
    }

    [Fact]
    public async Task Approval_makes_the_membership_active_and_queues_the_decision_email_in_the_outbox()
    {
        var (requester, manager, _, ccas) = Ccas();
        var id = (await RequestAsync(requester, new MembershipRequest(ccas.Id, _world.Today, null, true, []))).MembershipId!.Value;

        var result = await DecideAsync(manager, id, RequestDecision.Approve);

        Assert.Equal((DecideOutcome.Decided, 1), (result.Outcome, result.Mailed));
        await using var db = _world.Database.CreateContext();
        var membership = await db.Memberships.SingleAsync(m => m.Id == id);
        Assert.Equal((MembershipStatus.Active, manager), (membership.Status, membership.DecidedByUserId!.Value));
        var decision = await db.NotificationEvents.SingleAsync(e => e.Kind == NotificationEventKind.RequestDecision);
        Assert.Equal((requester, "VALIDEE"), (decision.RecipientUserId!.Value, decision.StatusCode));
        var mail = await db.NotificationDigests.SingleAsync(d => d.EventId != null);
        Assert.Equal((requester, decision.Id, DigestStatus.Pending), (mail.UserId, mail.EventId!.Value, mail.Status));
    }

    [Fact]
    public async Task A_requester_with_notifications_unticked_gets_the_decision_recorded_and_no_email_queued()
    {
        var (requester, manager, _, ccas) = Ccas();
        var id = (await RequestAsync(requester, new MembershipRequest(ccas.Id, _world.Today, null, true, []))).MembershipId!.Value;
        await using (var db = _world.Database.CreateContext())
        {
            await db.Users.Where(u => u.Id == requester).ExecuteUpdateAsync(s => s.SetProperty(u => u.ReceiveNotifications, false));
        }

        var result = await DecideAsync(manager, id, RequestDecision.Refuse, "Agent inconnu du service");

        Assert.Equal((DecideOutcome.Decided, 0), (result.Outcome, result.Mailed));
        await using var read = _world.Database.CreateContext();
        Assert.Equal(MembershipStatus.Refused, (await read.Memberships.SingleAsync(m => m.Id == id)).Status);
        Assert.Equal(1, await read.NotificationEvents.CountAsync(e => e.Kind == NotificationEventKind.RequestDecision && e.RecipientUserId == requester));
        Assert.Equal(1, await read.AuditEntries.CountAsync(a => a.UserId == requester && a.Action == DecideMemberships.RefusedAction));
        Assert.False(await read.NotificationDigests.AnyAsync());
    }

    [Fact]
    public async Task A_refusal_without_a_reason_is_refused_and_with_one_is_recorded()
    {
        var (requester, manager, _, ccas) = Ccas();
        var id = (await RequestAsync(requester, new MembershipRequest(ccas.Id, _world.Today, null, true, []))).MembershipId!.Value;

        Assert.Equal(DecideOutcome.ReasonRequired, (await DecideAsync(manager, id, RequestDecision.Refuse, "  ")).Outcome);
        Assert.Equal(DecideOutcome.Decided, (await DecideAsync(manager, id, RequestDecision.Refuse, " Agent inconnu du service ")).Outcome);

        await using var db = _world.Database.CreateContext();
        var membership = await db.Memberships.SingleAsync(m => m.Id == id);
        Assert.Equal((MembershipStatus.Refused, "Agent inconnu du service"), (membership.Status, membership.RefusalReason));
    }

    [Fact]
    public async Task A_manager_of_another_structure_cannot_decide()
    {
        var (requester, _, _, ccas) = Ccas();
        var otherManager = _world.User("nrousseau");
        _world.Membership(otherManager, _world.Structure("CC DU VAL", "20004512800010"), MembershipRole.PrimaryManager);
        var id = (await RequestAsync(requester, new MembershipRequest(ccas.Id, _world.Today, null, true, []))).MembershipId!.Value;

        Assert.Equal(DecideOutcome.NotFound, (await DecideAsync(otherManager, id, RequestDecision.Approve)).Outcome);
        Assert.Equal(DecideOutcome.NotFound, (await DecideAsync(requester, id, RequestDecision.Approve)).Outcome);
    }

    [Fact]
    public async Task Two_managers_deciding_at_once_record_one_decision()
    {
        var (requester, manager, secondary, ccas) = Ccas();
        var id = (await RequestAsync(requester, new MembershipRequest(ccas.Id, _world.Today, null, true, []))).MembershipId!.Value;
        await using var first = _world.Database.CreateContext();
        await using var second = _world.Database.CreateContext();
        // Both read the pending request before either writes.
        await first.Memberships.SingleAsync(m => m.Id == id);
        await second.Memberships.SingleAsync(m => m.Id == id);

        var approval = await new DecideMemberships(first, _world.Clock).ExecuteAsync(manager, "efontaine", [id], RequestDecision.Approve, null, CancellationToken.None);
        var refusal = await new DecideMemberships(second, _world.Clock).ExecuteAsync(secondary, "mleroux", [id], RequestDecision.Refuse, "Doublon", CancellationToken.None);

        Assert.Equal((DecideOutcome.Decided, DecideOutcome.AlreadyDecided), (approval.Outcome, refusal.Outcome));
        await using var db = _world.Database.CreateContext();
        Assert.Equal(MembershipStatus.Active, (await db.Memberships.SingleAsync(m => m.Id == id)).Status);
        Assert.Equal(1, await db.NotificationEvents.CountAsync(e => e.Kind == NotificationEventKind.RequestDecision));
    }
}
