using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Subscriptions;

namespace ChorusAccount.Core.Tests.Subscriptions;

public sealed class SubscriptionRulesTests
{
    private static readonly Guid Structure = Guid.NewGuid();
    private static readonly Guid Finances = Guid.NewGuid();
    private static readonly Guid Works = Guid.NewGuid();
    private static readonly Guid Closed = Guid.NewGuid();
    private static readonly HashSet<Guid> ActiveServices = [Finances, Works];

    private static Space Space(string code) => SpaceCatalog.All.Single(s => s.Code == code);

    private static readonly Space MyAccount = Space(SpaceCatalog.MyAccount);
    private static readonly Space InvoicesSent = Space(SpaceCatalog.InvoicesSent);
    private static readonly Space ManagerActivities = Space(SpaceCatalog.ManagerActivities);
    private static readonly Space WorksInvoices = Space("FACTURES_TRAVAUX");

    private static AttachmentScope Whole(MembershipRole role = MembershipRole.Member) => new(role, true, []);

    private static AttachmentScope OnServices(params Guid[] services) => new(MembershipRole.Member, false, services);

    /// <summary>The held lines a whole-structure attachment gives (the three default spaces), unless told otherwise.</summary>
    private static SubscriptionCheck Check(
        Space? space, Guid? service, AttachmentScope[] attachments, TakenLine[]? taken = null, TakenLine[]? withdrawn = null) =>
        SubscriptionRules.Check(
            new SubscriptionRequest(Structure, service, space?.Id ?? 99, SubscriptionMode.Modification),
            space, attachments, ActiveServices, taken ?? [], withdrawn ?? []);

    private static readonly TakenLine[] WholeDefaults = [new(null, MyAccount.Id), new(null, InvoicesSent.Id), new(null, Space(SpaceCatalog.InvoicesReceived).Id)];

    [Fact]
    public void A_space_that_needs_validation_becomes_a_pending_request_for_the_whole_structure_or_one_service()
    {
        Assert.Equal(SubscriptionCheck.Pending, Check(WorksInvoices, null, [Whole()], WholeDefaults));
        Assert.Equal(SubscriptionCheck.Pending, Check(WorksInvoices, Works, [Whole()], WholeDefaults));
        Assert.Equal(SubscriptionCheck.Pending, Check(WorksInvoices, Finances, [OnServices(Finances)]));
    }

    [Fact]
    public void A_structure_without_active_attachment_is_refused()
    {
        Assert.Equal(SubscriptionRefusal.NotAttached, Check(WorksInvoices, null, []).Refusal);
    }

    [Fact]
    public void An_attachment_to_services_must_name_one_of_its_services()
    {
        Assert.Equal(SubscriptionRefusal.ServiceRequired, Check(WorksInvoices, null, [OnServices(Finances)]).Refusal);
        Assert.Equal(SubscriptionRefusal.UnknownService, Check(WorksInvoices, Works, [OnServices(Finances)]).Refusal);
    }

    [Fact]
    public void A_service_must_be_an_active_service_of_the_structure()
    {
        Assert.Equal(SubscriptionRefusal.UnknownService, Check(WorksInvoices, Closed, [Whole()]).Refusal);
        Assert.Equal(SubscriptionRefusal.UnknownService, Check(WorksInvoices, Guid.NewGuid(), [Whole()]).Refusal);
        Assert.Equal(SubscriptionRefusal.UnknownSpace, Check(null, null, [Whole()]).Refusal);
    }

    [Fact]
    public void My_account_is_never_asked_for()
    {
        Assert.Equal(SubscriptionRefusal.NotRequestable, Check(MyAccount, null, [Whole()], WholeDefaults).Refusal);
        Assert.Equal(SubscriptionRefusal.NotRequestable, Check(MyAccount, Works, [Whole()], WholeDefaults).Refusal);
        Assert.Equal(SubscriptionRefusal.NotRequestable, Check(MyAccount, null, [Whole()], [], [new(null, MyAccount.Id)]).Refusal);
    }

    [Fact]
    public void A_line_held_or_pending_is_a_duplicate_and_a_whole_structure_line_covers_every_service()
    {
        Assert.Equal(SubscriptionRefusal.Duplicate, Check(InvoicesSent, null, [Whole()], WholeDefaults).Refusal);
        Assert.Equal(SubscriptionRefusal.Duplicate, Check(InvoicesSent, Works, [Whole()], WholeDefaults).Refusal);
        Assert.Equal(SubscriptionRefusal.Duplicate, Check(WorksInvoices, Works, [Whole()], [new(Works, WorksInvoices.Id)]).Refusal);
        Assert.Equal(SubscriptionRefusal.Duplicate, Check(WorksInvoices, Works, [Whole()], [new(null, WorksInvoices.Id)]).Refusal);
    }

    [Fact]
    public void Asking_for_the_whole_structure_while_holding_one_service_is_an_extension()
    {
        Assert.Equal(SubscriptionCheck.Pending, Check(WorksInvoices, null, [Whole()], [new(Works, WorksInvoices.Id)]));
    }

    [Fact]
    public void A_default_space_the_user_withdrew_comes_back_without_validation()
    {
        var withdrawn = new TakenLine(null, InvoicesSent.Id);
        var held = WholeDefaults.Where(l => l != withdrawn).ToArray();

        Assert.Equal(SubscriptionCheck.Restore, Check(InvoicesSent, null, [Whole()], held, [withdrawn]));
        Assert.Equal(SubscriptionCheck.Restore, Check(InvoicesSent, Finances, [OnServices(Finances)], [], [new(Finances, InvoicesSent.Id)]));
    }

    [Fact]
    public void A_default_space_withdrawn_for_the_whole_structure_needs_validation_for_one_service()
    {
        var withdrawn = new TakenLine(null, InvoicesSent.Id);

        Assert.Equal(SubscriptionCheck.Pending, Check(InvoicesSent, Works, [Whole()], [.. WholeDefaults.Where(l => l != withdrawn)], [withdrawn]));
    }

    [Fact]
    public void Manager_activities_come_back_to_a_manager_who_withdrew_them_and_are_never_granted_on_request()
    {
        var withdrawn = new TakenLine(null, ManagerActivities.Id);

        Assert.Equal(SubscriptionCheck.Restore, Check(ManagerActivities, null, [Whole(MembershipRole.SecondaryManager)], WholeDefaults, [withdrawn]));
        Assert.Equal(SubscriptionRefusal.NotRequestable, Check(ManagerActivities, null, [Whole()], WholeDefaults).Refusal);
        Assert.Equal(SubscriptionRefusal.NotRequestable, Check(ManagerActivities, null, [Whole(MembershipRole.Member)], WholeDefaults, [withdrawn]).Refusal);
        Assert.Equal(SubscriptionRefusal.Duplicate, Check(ManagerActivities, null, [Whole(MembershipRole.PrimaryManager)], [.. WholeDefaults, new(null, ManagerActivities.Id)]).Refusal);
    }
}
