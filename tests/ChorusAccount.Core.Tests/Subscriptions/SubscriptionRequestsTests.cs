using ChorusAccount.Core.Auditing;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Core.Structures;
using ChorusAccount.Core.Subscriptions;
using ChorusAccount.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Tests.Subscriptions;

/// <summary>Requests, decisions and deletions of space subscriptions, on the database.</summary>
public sealed class SubscriptionRequestsTests : IDisposable
{
    private static readonly int _myAccount = SpaceCatalog.IdOf(SpaceCatalog.MyAccount);
    private static readonly int _invoicesSent = SpaceCatalog.IdOf(SpaceCatalog.InvoicesSent);
    private static readonly int _invoicesReceived = SpaceCatalog.IdOf(SpaceCatalog.InvoicesReceived);
    private static readonly int _managerActivities = SpaceCatalog.IdOf(SpaceCatalog.ManagerActivities);
    private static readonly int _worksInvoices = SpaceCatalog.IdOf("FACTURES_TRAVAUX");

    private readonly MembershipWorld _world = new();

    public void Dispose() => _world.Dispose();

    /// <summary>COMMUNE D'EXEMPLE: pdufour primary manager, jmartin secondary, tgarnier attached to SERV-TECH only.</summary>
    private (Guid Pauline, Guid Jean, Guid Theo, Structure Commune) Commune()
    {
        var pauline = _world.User("pdufour");
        var jean = _world.User("jmartin");
        var theo = _world.User("tgarnier");
        var commune = _world.Structure("COMMUNE D'EXEMPLE", "21450234500017", "Orléans", "SERV-FIN", "SERV-TECH");
        _world.Membership(pauline, commune, MembershipRole.PrimaryManager);
        _world.Membership(jean, commune, MembershipRole.SecondaryManager);
        _world.Membership(theo, commune, MembershipRole.Member, MembershipStatus.Active, "SERV-TECH");
        return (pauline, jean, theo, commune);
    }

    private static Guid Service(Structure structure, string code) => structure.Services.Single(s => s.Code == code).Id;

    private async Task<RequestSubscriptionResult> RequestAsync(Guid userId, Guid structureId, Guid? serviceId, int spaceId, SubscriptionMode mode = SubscriptionMode.Modification)
    {
        await using var db = _world.Database.CreateContext();
        return await new RequestSubscription(db, _world.Clock).ExecuteAsync(userId, "demandeur", new SubscriptionRequest(structureId, serviceId, spaceId, mode), CancellationToken.None);
    }

    private async Task<DecideResult> DecideAsync(Guid managerId, Guid id, RequestDecision decision, string? reason = null)
    {
        await using var db = _world.Database.CreateContext();
        return await new DecideSubscriptions(db, _world.Clock).ExecuteAsync(managerId, "gestionnaire", [id], decision, reason, CancellationToken.None);
    }

    private async Task<DeleteSubscriptionsOutcome> DeleteAsync(Guid userId, params string[] keys)
    {
        await using var db = _world.Database.CreateContext();
        return await new DeleteSubscriptions(db, _world.Clock).ExecuteAsync(userId, "demandeur", keys, CancellationToken.None);
    }

    private async Task<IReadOnlyList<SubscriptionRow>> LinesAsync(Guid userId)
    {
        await using var db = _world.Database.CreateContext();
        return await SubscriptionLines.ForUserAsync(db, userId, _world.Today, CancellationToken.None);
    }

    private async Task<T> ReadAsync<T>(Func<Data.ChorusAccountDbContext, Task<T>> read)
    {
        await using var db = _world.Database.CreateContext();
        return await read(db);
    }

    [Fact]
    public async Task The_block_lists_default_lines_then_requests_with_their_status()
    {
        var (_, _, theo, commune) = Commune();
        var tech = Service(commune, "SERV-TECH");
        await RequestAsync(theo, commune.Id, tech, _worksInvoices, SubscriptionMode.Consultation);

        var lines = await LinesAsync(theo);

        Assert.Equal(
            [(_myAccount, SubscriptionStatus.Active, true), (_invoicesSent, SubscriptionStatus.Active, true), (_invoicesReceived, SubscriptionStatus.Active, true), (_worksInvoices, SubscriptionStatus.Pending, false)],
            lines.Select(l => (l.SpaceId, l.Status, l.IsDefault)));
        Assert.All(lines, l => Assert.Equal(("COMMUNE D'EXEMPLE", "Service SERV-TECH"), (l.StructureName, l.ServiceLabel)));
        Assert.False(lines[0].Removable);
        Assert.Equal(SubscriptionMode.Consultation, lines[3].Mode);
        Assert.Equal(SubscriptionLineKey.ForDefault(commune.Id, tech, _invoicesSent), lines[1].Key);
    }

    [Fact]
    public async Task A_request_is_pending_announced_to_the_managers_and_recorded_in_the_history()
    {
        var (pauline, jean, theo, commune) = Commune();

        var result = await RequestAsync(theo, commune.Id, Service(commune, "SERV-TECH"), _worksInvoices);

        Assert.Null(result.Refusal);
        Assert.False(result.Restored);
        var subscription = await ReadAsync(db => db.Subscriptions.SingleAsync(s => s.Id == result.SubscriptionId));
        Assert.Equal((SubscriptionStatus.Pending, SubscriptionMode.Modification), (subscription.Status, subscription.Mode));
        var events = await ReadAsync(db => db.NotificationEvents.ToListAsync());
        Assert.Equal(new[] { pauline, jean }.Order(), events.Select(e => e.RecipientUserId!.Value).Order());
        Assert.All(events, e => Assert.Equal((NotificationEventKind.PendingRequest, commune.Id, "SERV-TECH"), (e.Kind, e.StructureId!.Value, e.ServiceCode)));
        var audit = await ReadAsync(db => db.AuditEntries.SingleAsync(a => a.UserId == theo));
        Assert.Equal(SubscriptionAudit.RequestedAction, audit.Action);
        Assert.Contains(new FieldChange("Space", "FACTURES_TRAVAUX", "FACTURES_TRAVAUX"), audit.Changes);
        Assert.Contains(new FieldChange(SubscriptionAudit.StatusField, null, "Pending"), audit.Changes);
    }

    [Fact]
    public async Task A_second_identical_request_is_a_duplicate_and_writes_nothing()
    {
        var (_, _, theo, commune) = Commune();
        await RequestAsync(theo, commune.Id, Service(commune, "SERV-TECH"), _worksInvoices);

        var second = await RequestAsync(theo, commune.Id, Service(commune, "SERV-TECH"), _worksInvoices, SubscriptionMode.Consultation);

        Assert.Equal(SubscriptionRefusal.Duplicate, second.Refusal);
        Assert.Equal(1, await ReadAsync(db => db.Subscriptions.CountAsync()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_same_request_posted_twice_at_once_is_saved_once_and_the_other_is_a_duplicate(bool wholeStructure)
    {
        var (pauline, _, theo, commune) = Commune();
        var (user, service) = wholeStructure ? (pauline, (Guid?)null) : (theo, Service(commune, "SERV-TECH"));
        var request = new SubscriptionRequest(commune.Id, service, _worksInvoices, SubscriptionMode.Modification);
        RequestSubscriptionResult? other = null;
        // The other post runs to its end after this one has checked and before it saves: both saw no pending request.
        var otherPost = new BeforeSave(async () =>
        {
            await using var db = _world.Database.CreateContext();
            other = await new RequestSubscription(db, _world.Clock).ExecuteAsync(user, "demandeur", request, CancellationToken.None);
        });
        await using var racing = _world.Database.CreateContext(otherPost);

        var result = await new RequestSubscription(racing, _world.Clock).ExecuteAsync(user, "demandeur", request, CancellationToken.None);

        Assert.NotNull(other);
        Assert.Null(other.Refusal);
        Assert.Equal(SubscriptionRefusal.Duplicate, result.Refusal);
        var saved = Assert.Single(await ReadAsync(db => db.Subscriptions.Where(s => s.UserId == user).ToListAsync()));
        Assert.Equal((other.SubscriptionId, SubscriptionStatus.Pending), (saved.Id, saved.Status));
        Assert.Single(await ReadAsync(db => db.AuditEntries.Where(a => a.UserId == user && a.Action == SubscriptionAudit.RequestedAction).ToListAsync()));
        var announced = await ReadAsync(db => db.NotificationEvents.Where(e => e.Kind == NotificationEventKind.PendingRequest).ToListAsync());
        Assert.Equal(announced.Select(e => e.RecipientUserId).Distinct().Count(), announced.Count);
    }

    [Fact]
    public async Task A_request_outside_the_users_memberships_is_refused()
    {
        var (_, _, theo, commune) = Commune();
        var elsewhere = _world.Structure("CCAS D'EXEMPLE", "26450123000017", "Orléans", "SERV-ACCUEIL");

        Assert.Equal(SubscriptionRefusal.NotAttached, (await RequestAsync(theo, elsewhere.Id, null, _worksInvoices)).Refusal);
        Assert.Equal(SubscriptionRefusal.ServiceRequired, (await RequestAsync(theo, commune.Id, null, _worksInvoices)).Refusal);
        Assert.Equal(SubscriptionRefusal.UnknownService, (await RequestAsync(theo, commune.Id, Service(commune, "SERV-FIN"), _worksInvoices)).Refusal);
        Assert.Equal(0, await ReadAsync(db => db.Subscriptions.CountAsync()));
    }

    [Fact]
    public async Task The_choices_offer_the_structures_services_and_the_spaces_not_yet_held_nor_pending()
    {
        var (pauline, _, _, commune) = Commune();
        await using var db = _world.Database.CreateContext();
        var choices = new GetSubscriptionChoices(db, _world.Clock);
        await RequestAsync(pauline, commune.Id, null, _worksInvoices);

        var structure = Assert.Single(await choices.StructuresAsync(pauline, CancellationToken.None));
        var spaces = await choices.SpacesAsync(pauline, commune.Id, null, CancellationToken.None);

        Assert.True(structure.WholeStructure);
        Assert.Equal(["SERV-FIN", "SERV-TECH"], structure.Services.Select(s => s.Code));
        Assert.Null(spaces.Refusal);
        Assert.Equal(["SOLLICITATIONS_EMISES", "SOLLICITATIONS_RECUES", "FACTURES_A_VALIDER", "ENGAGEMENTS_JURIDIQUES", "MEMOIRES_FRAIS_JUSTICE"], spaces.Spaces.Select(s => s.Code));
    }

    [Fact]
    public async Task A_deleted_default_line_is_withdrawn_then_comes_back_without_validation()
    {
        var (_, _, theo, commune) = Commune();
        var tech = Service(commune, "SERV-TECH");
        var key = SubscriptionLineKey.ForDefault(commune.Id, tech, _invoicesSent);

        Assert.Equal(DeleteSubscriptionsOutcome.Deleted, await DeleteAsync(theo, key));
        var withdrawn = await ReadAsync(db => db.Subscriptions.SingleAsync());
        Assert.Equal((SubscriptionStatus.Withdrawn, tech), (withdrawn.Status, withdrawn.ServiceUnitId!.Value));
        Assert.DoesNotContain(await LinesAsync(theo), l => l.SpaceId == _invoicesSent);
        await using (var db = _world.Database.CreateContext())
        {
            Assert.Contains((await new GetSubscriptionChoices(db, _world.Clock).SpacesAsync(theo, commune.Id, tech, CancellationToken.None)).Spaces, s => s.Id == _invoicesSent);
        }

        var back = await RequestAsync(theo, commune.Id, tech, _invoicesSent, SubscriptionMode.Consultation);

        Assert.True(back.Restored);
        Assert.Equal(0, await ReadAsync(db => db.Subscriptions.CountAsync()));
        Assert.Contains(await LinesAsync(theo), l => l.Key == key && l.Status == SubscriptionStatus.Active);
        Assert.Equal(0, await ReadAsync(db => db.NotificationEvents.CountAsync()));
        Assert.Equal(new[] { SubscriptionAudit.WithdrawnAction, SubscriptionAudit.RestoredAction }.Order(), (await ReadAsync(db => db.AuditEntries.Select(a => a.Action).ToListAsync())).Order());
    }

    [Fact]
    public async Task My_account_cannot_be_deleted_and_another_users_line_is_not_found()
    {
        var (pauline, _, theo, commune) = Commune();
        var request = (await RequestAsync(theo, commune.Id, Service(commune, "SERV-TECH"), _worksInvoices)).SubscriptionId!.Value;

        Assert.Equal(DeleteSubscriptionsOutcome.NotRemovable, await DeleteAsync(pauline, SubscriptionLineKey.ForDefault(commune.Id, null, _myAccount)));
        Assert.Equal(DeleteSubscriptionsOutcome.NotFound, await DeleteAsync(pauline, SubscriptionLineKey.ForRequest(request)));
        Assert.Equal(DeleteSubscriptionsOutcome.NotFound, await DeleteAsync(pauline, SubscriptionLineKey.ForDefault(commune.Id, Service(commune, "SERV-TECH"), _invoicesSent)));
        Assert.Equal(DeleteSubscriptionsOutcome.NotFound, await DeleteAsync(pauline));
        Assert.Equal(1, await ReadAsync(db => db.Subscriptions.CountAsync()));
    }

    [Fact]
    public async Task Deleting_a_requested_line_removes_its_row()
    {
        var (_, _, theo, commune) = Commune();
        var request = (await RequestAsync(theo, commune.Id, Service(commune, "SERV-TECH"), _worksInvoices)).SubscriptionId!.Value;

        Assert.Equal(DeleteSubscriptionsOutcome.Deleted, await DeleteAsync(theo, SubscriptionLineKey.ForRequest(request)));

        Assert.Equal(0, await ReadAsync(db => db.Subscriptions.CountAsync()));
        Assert.Contains(SubscriptionAudit.DeletedAction, await ReadAsync(db => db.AuditEntries.Select(a => a.Action).ToListAsync()));
    }

    [Fact]
    public async Task Approval_activates_the_line_and_queues_the_decision_email_with_its_space_service_and_mode()
    {
        var (_, jean, theo, commune) = Commune();
        var id = (await RequestAsync(theo, commune.Id, Service(commune, "SERV-TECH"), _worksInvoices)).SubscriptionId!.Value;

        var result = await DecideAsync(jean, id, RequestDecision.Approve);

        Assert.Equal((DecideOutcome.Decided, 1), (result.Outcome, result.Mailed));
        var decision = await ReadAsync(db => db.NotificationEvents.SingleAsync(e => e.Kind == NotificationEventKind.SubscriptionDecision));
        Assert.Equal((theo, "VALIDEE", "SERV-TECH"), (decision.RecipientUserId!.Value, decision.StatusCode, decision.ServiceCode));
        Assert.Equal((Service(commune, "SERV-TECH"), _worksInvoices, SubscriptionMode.Modification), (decision.ServiceUnitId!.Value, decision.SpaceId!.Value, decision.Mode!.Value));
        var mail = await ReadAsync(db => db.NotificationDigests.SingleAsync(d => d.EventId != null));
        Assert.Equal((theo, decision.Id), (mail.UserId, mail.EventId!.Value));
        Assert.Contains(await LinesAsync(theo), l => l.SubscriptionId == id && l.Status == SubscriptionStatus.Active);
        await using var db = _world.Database.CreateContext();
        Assert.Equal([theo], await SpaceLines.Holders(db, commune.Id, Service(commune, "SERV-TECH"), _worksInvoices, _world.Today).ToListAsync());
    }

    [Fact]
    public async Task A_refusal_needs_a_reason_and_shows_as_refused()
    {
        var (pauline, _, theo, commune) = Commune();
        var id = (await RequestAsync(theo, commune.Id, Service(commune, "SERV-TECH"), _worksInvoices)).SubscriptionId!.Value;

        Assert.Equal(DecideOutcome.ReasonRequired, (await DecideAsync(pauline, id, RequestDecision.Refuse, " ")).Outcome);
        Assert.Equal(DecideOutcome.Decided, (await DecideAsync(pauline, id, RequestDecision.Refuse, "Pas de marché de travaux")).Outcome);

        var line = Assert.Single(await LinesAsync(theo), l => l.SubscriptionId == id);
        Assert.Equal(SubscriptionStatus.Refused, line.Status);
        Assert.Equal("Pas de marché de travaux", (await ReadAsync(db => db.Subscriptions.SingleAsync(s => s.Id == id))).RefusalReason);
    }

    [Fact]
    public async Task Only_a_manager_of_the_structure_holding_manager_activities_decides_and_never_its_own_request()
    {
        var (pauline, jean, theo, commune) = Commune();
        var other = _world.User("nrousseau");
        _world.Membership(other, _world.Structure("CC DU VAL", "20004512800010"), MembershipRole.PrimaryManager);
        var id = (await RequestAsync(theo, commune.Id, Service(commune, "SERV-TECH"), _worksInvoices)).SubscriptionId!.Value;
        var own = (await RequestAsync(pauline, commune.Id, null, _worksInvoices)).SubscriptionId!.Value;
        await DeleteAsync(jean, SubscriptionLineKey.ForDefault(commune.Id, null, _managerActivities));

        Assert.Equal(DecideOutcome.NotFound, (await DecideAsync(other, id, RequestDecision.Approve)).Outcome);
        Assert.Equal(DecideOutcome.NotFound, (await DecideAsync(theo, id, RequestDecision.Approve)).Outcome);
        Assert.Equal(DecideOutcome.NotFound, (await DecideAsync(jean, id, RequestDecision.Approve)).Outcome);
        Assert.Equal(DecideOutcome.NotFound, (await DecideAsync(pauline, own, RequestDecision.Approve)).Outcome);
        Assert.Equal(DecideOutcome.Decided, (await DecideAsync(pauline, id, RequestDecision.Approve)).Outcome);
    }

    [Fact]
    public async Task A_manager_who_withdrew_manager_activities_no_longer_hears_of_new_requests()
    {
        var (pauline, jean, theo, commune) = Commune();
        await DeleteAsync(jean, SubscriptionLineKey.ForDefault(commune.Id, null, _managerActivities));

        await RequestAsync(theo, commune.Id, Service(commune, "SERV-TECH"), _worksInvoices);

        Assert.Equal([pauline], await ReadAsync(db => db.NotificationEvents.Select(e => e.RecipientUserId!.Value).ToListAsync()));
        await using var db = _world.Database.CreateContext();
        Assert.False(await StructureManagers.ManagesAnyAsync(db, jean, _world.Today, CancellationToken.None));
        Assert.Null(await new GetManagerActivities(db, _world.Clock).ExecuteAsync(jean, CancellationToken.None));
        var inbox = await new GetManagerActivities(db, _world.Clock).ExecuteAsync(pauline, CancellationToken.None);
        Assert.Equal("tgarnier", Assert.Single(inbox!.PendingSubscriptions).RequesterLogin);
    }

    [Fact]
    public async Task Two_managers_deciding_at_once_record_one_decision()
    {
        var (pauline, jean, theo, commune) = Commune();
        var id = (await RequestAsync(theo, commune.Id, Service(commune, "SERV-TECH"), _worksInvoices)).SubscriptionId!.Value;
        await using var first = _world.Database.CreateContext();
        await using var second = _world.Database.CreateContext();
        // Both read the pending request before either writes.
        await first.Subscriptions.SingleAsync(s => s.Id == id);
        await second.Subscriptions.SingleAsync(s => s.Id == id);

        var approval = await new DecideSubscriptions(first, _world.Clock).ExecuteAsync(pauline, "pdufour", [id], RequestDecision.Approve, null, CancellationToken.None);
        var refusal = await new DecideSubscriptions(second, _world.Clock).ExecuteAsync(jean, "jmartin", [id], RequestDecision.Refuse, "Doublon", CancellationToken.None);

        Assert.Equal((DecideOutcome.Decided, DecideOutcome.AlreadyDecided), (approval.Outcome, refusal.Outcome));
        Assert.Equal(SubscriptionStatus.Active, (await ReadAsync(db => db.Subscriptions.SingleAsync(s => s.Id == id))).Status);
        Assert.Equal(1, await ReadAsync(db => db.NotificationEvents.CountAsync(e => e.Kind == NotificationEventKind.SubscriptionDecision)));
    }

    [Fact]
    public async Task The_manager_history_lists_subscription_decisions_beside_membership_decisions()
    {
        var (pauline, _, theo, commune) = Commune();
        var id = (await RequestAsync(theo, commune.Id, Service(commune, "SERV-TECH"), _worksInvoices)).SubscriptionId!.Value;
        await DecideAsync(pauline, id, RequestDecision.Refuse, "Pas de marché");

        await using var db = _world.Database.CreateContext();
        var history = (await new GetManagerActivities(db, _world.Clock).ExecuteAsync(pauline, CancellationToken.None))!.History;

        var row = Assert.Single(history);
        Assert.Equal((false, "Pas de marché", "Factures de travaux"), (row.Approved, row.Reason, row.Subscription!.SpaceLabelFr));
    }

    [Fact]
    public async Task Deleting_an_membership_removes_the_subscriptions_it_alone_covered()
    {
        var theo = _world.User("tgarnier");
        var commune = _world.Structure("COMMUNE D'EXEMPLE", "21450234500017", "Orléans", "SERV-FIN", "SERV-TECH");
        var onFinances = _world.Membership(theo, commune, MembershipRole.Member, MembershipStatus.Active, "SERV-FIN");
        _world.Membership(theo, commune, MembershipRole.Member, MembershipStatus.Active, "SERV-TECH");
        var finances = (await RequestAsync(theo, commune.Id, Service(commune, "SERV-FIN"), _worksInvoices)).SubscriptionId!.Value;
        var works = (await RequestAsync(theo, commune.Id, Service(commune, "SERV-TECH"), _worksInvoices)).SubscriptionId!.Value;
        await DeleteAsync(theo, SubscriptionLineKey.ForDefault(commune.Id, Service(commune, "SERV-FIN"), _invoicesSent));

        await using (var db = _world.Database.CreateContext())
        {
            var outcome = await new DeleteMemberships(db, _world.Clock).ExecuteAsync(theo, "tgarnier", [onFinances], new Dictionary<Guid, Guid>(), CancellationToken.None);
            Assert.Equal(DeleteMembershipsOutcome.Deleted, outcome.Outcome);
        }

        Assert.Equal([works], await ReadAsync(db => db.Subscriptions.Select(s => s.Id).ToListAsync()));
        Assert.DoesNotContain(finances, await ReadAsync(db => db.Subscriptions.Select(s => s.Id).ToListAsync()));
        Assert.Contains(SubscriptionAudit.DeletedAction, await ReadAsync(db => db.AuditEntries.Select(a => a.Action).ToListAsync()));
    }
}
