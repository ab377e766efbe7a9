using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Subscriptions;

namespace ChorusAccount.Core.Tests.Subscriptions;

public sealed class SubscriptionRulesTests
{
    private static readonly Guid _structure = Guid.NewGuid();
    private static readonly Guid _finances = Guid.NewGuid();
    private static readonly Guid _works = Guid.NewGuid();
    private static readonly Guid _closed = Guid.NewGuid();
    private static readonly HashSet<Guid> _activeServices = [_finances, _works];
    private static readonly DateOnly _today = new(2026, 3, 2);

    private static Space Space(string code) => SpaceCatalog.All.Single(s => s.Code == code);

    private static readonly Space _myAccount = Space(SpaceCatalog.MyAccount);
    private static readonly Space _invoicesSent = Space(SpaceCatalog.InvoicesSent);
    private static readonly Space _managerActivities = Space(SpaceCatalog.ManagerActivities);
    private static readonly Space _worksInvoices = Space("FACTURES_TRAVAUX");

    private static Membership Whole(MembershipRole role = MembershipRole.Member) =>
        new() { StructureId = _structure, Role = role, Status = MembershipStatus.Active, WholeStructure = true };

    private static Membership OnServices(params Guid[] services) =>
        new()
        {
            StructureId = _structure,
            Status = MembershipStatus.Active,
            WholeStructure = false,
            Services = [.. services.Select(id => new MembershipService { ServiceUnitId = id })],
        };

    /// <summary>The held lines a whole-structure membership gives (the three default spaces), unless told otherwise.</summary>
    private static SubscriptionCheck Check(
        Space? space, Guid? service, Membership[] memberships, TakenLine[]? taken = null, TakenLine[]? withdrawn = null) =>
        SubscriptionRules.Check(
            new SubscriptionRequest(_structure, service, space?.Id ?? 99, SubscriptionMode.Modification),
            space, memberships, _today, _activeServices, taken ?? [], withdrawn ?? []);

    private static readonly TakenLine[] _wholeDefaults = [new(null, _myAccount.Id), new(null, _invoicesSent.Id), new(null, Space(SpaceCatalog.InvoicesReceived).Id)];

    [Fact]
    public void A_space_that_needs_validation_becomes_a_pending_request_for_the_whole_structure_or_one_service()
    {
        Assert.Equal(SubscriptionCheck.Pending, Check(_worksInvoices, null, [Whole()], _wholeDefaults));
        Assert.Equal(SubscriptionCheck.Pending, Check(_worksInvoices, _works, [Whole()], _wholeDefaults));
        Assert.Equal(SubscriptionCheck.Pending, Check(_worksInvoices, _finances, [OnServices(_finances)]));
    }

    [Fact]
    public void A_structure_without_active_membership_is_refused()
    {
        Assert.Equal(SubscriptionRefusal.NotAttached, Check(_worksInvoices, null, []).Refusal);
    }

    [Theory]
    [InlineData(1, null, false)]
    [InlineData(0, null, true)]
    [InlineData(-10, 0, true)]
    [InlineData(-10, -1, false)]
    public void Only_a_membership_in_force_on_the_day_counts(int startFromToday, int? endFromToday, bool counts)
    {
        var membership = Whole();
        membership.StartDate = _today.AddDays(startFromToday);
        membership.EndDate = endFromToday is { } end ? _today.AddDays(end) : null;

        Assert.Equal(counts ? null : SubscriptionRefusal.NotAttached, Check(_worksInvoices, null, [membership], _wholeDefaults).Refusal);
        Assert.Equal(counts ? null : SubscriptionRefusal.ServiceRequired, SubscriptionRules.CheckService(null, [membership], _today, _activeServices));
    }

    [Fact]
    public void A_membership_to_services_must_name_one_of_its_services()
    {
        Assert.Equal(SubscriptionRefusal.ServiceRequired, Check(_worksInvoices, null, [OnServices(_finances)]).Refusal);
        Assert.Equal(SubscriptionRefusal.UnknownService, Check(_worksInvoices, _works, [OnServices(_finances)]).Refusal);
    }

    [Fact]
    public void A_service_must_be_an_active_service_of_the_structure()
    {
        Assert.Equal(SubscriptionRefusal.UnknownService, Check(_worksInvoices, _closed, [Whole()]).Refusal);
        Assert.Equal(SubscriptionRefusal.UnknownService, Check(_worksInvoices, Guid.NewGuid(), [Whole()]).Refusal);
        Assert.Equal(SubscriptionRefusal.UnknownSpace, Check(null, null, [Whole()]).Refusal);
    }

    [Fact]
    public void My_account_is_never_asked_for()
    {
        Assert.Equal(SubscriptionRefusal.NotRequestable, Check(_myAccount, null, [Whole()], _wholeDefaults).Refusal);
        Assert.Equal(SubscriptionRefusal.NotRequestable, Check(_myAccount, _works, [Whole()], _wholeDefaults).Refusal);
        Assert.Equal(SubscriptionRefusal.NotRequestable, Check(_myAccount, null, [Whole()], [], [new(null, _myAccount.Id)]).Refusal);
    }

    [Fact]
    public void A_line_held_or_pending_is_a_duplicate_and_a_whole_structure_line_covers_every_service()
    {
        Assert.Equal(SubscriptionRefusal.Duplicate, Check(_invoicesSent, null, [Whole()], _wholeDefaults).Refusal);
        Assert.Equal(SubscriptionRefusal.Duplicate, Check(_invoicesSent, _works, [Whole()], _wholeDefaults).Refusal);
        Assert.Equal(SubscriptionRefusal.Duplicate, Check(_worksInvoices, _works, [Whole()], [new(_works, _worksInvoices.Id)]).Refusal);
        Assert.Equal(SubscriptionRefusal.Duplicate, Check(_worksInvoices, _works, [Whole()], [new(null, _worksInvoices.Id)]).Refusal);
    }

    [Fact]
    public void Asking_for_the_whole_structure_while_holding_one_service_is_an_extension()
    {
        Assert.Equal(SubscriptionCheck.Pending, Check(_worksInvoices, null, [Whole()], [new(_works, _worksInvoices.Id)]));
    }

    [Fact]
    public void A_default_space_the_user_withdrew_comes_back_without_validation()
    {
        var withdrawn = new TakenLine(null, _invoicesSent.Id);
        var held = _wholeDefaults.Where(l => l != withdrawn).ToArray();

        Assert.Equal(SubscriptionCheck.Restore, Check(_invoicesSent, null, [Whole()], held, [withdrawn]));
        Assert.Equal(SubscriptionCheck.Restore, Check(_invoicesSent, _finances, [OnServices(_finances)], [], [new(_finances, _invoicesSent.Id)]));
    }

    [Fact]
    public void A_default_space_withdrawn_for_the_whole_structure_needs_validation_for_one_service()
    {
        var withdrawn = new TakenLine(null, _invoicesSent.Id);

        Assert.Equal(SubscriptionCheck.Pending, Check(_invoicesSent, _works, [Whole()], [.. _wholeDefaults.Where(l => l != withdrawn)], [withdrawn]));
    }

    [Fact]
    public void Manager_activities_come_back_to_a_manager_who_withdrew_them_and_are_never_granted_on_request()
    {
        var withdrawn = new TakenLine(null, _managerActivities.Id);

        Assert.Equal(SubscriptionCheck.Restore, Check(_managerActivities, null, [Whole(MembershipRole.SecondaryManager)], _wholeDefaults, [withdrawn]));
        Assert.Equal(SubscriptionRefusal.NotRequestable, Check(_managerActivities, null, [Whole()], _wholeDefaults).Refusal);
        Assert.Equal(SubscriptionRefusal.NotRequestable, Check(_managerActivities, null, [Whole(MembershipRole.Member)], _wholeDefaults, [withdrawn]).Refusal);
        Assert.Equal(SubscriptionRefusal.Duplicate, Check(_managerActivities, null, [Whole(MembershipRole.PrimaryManager)], [.. _wholeDefaults, new(null, _managerActivities.Id)]).Refusal);
    }
}
