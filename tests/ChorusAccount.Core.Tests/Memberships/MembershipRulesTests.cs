using ChorusAccount.Core.Memberships;

namespace ChorusAccount.Core.Tests.Memberships;

public sealed class MembershipRulesTests
{
    private static readonly Guid _finances = Guid.NewGuid();
    private static readonly Guid _works = Guid.NewGuid();
    private static readonly HashSet<Guid> _services = [_finances, _works];
    private static readonly DateOnly _start = new(2026, 3, 1);

    private static MembershipRequest Whole(DateOnly? end = null) => new(Guid.NewGuid(), _start, end, true, []);

    private static MembershipRequest Services(params Guid[] ids) => new(Guid.NewGuid(), _start, null, false, ids);

    [Fact]
    public void A_whole_structure_request_without_end_date_is_accepted() =>
        Assert.Null(MembershipRules.Check(Whole(), _services, []));

    [Theory]
    [InlineData(0, MembershipRefusal.EndNotAfterStart)]
    [InlineData(-1, MembershipRefusal.EndNotAfterStart)]
    public void An_end_date_not_after_the_start_is_refused(int days, MembershipRefusal expected) =>
        Assert.Equal(expected, MembershipRules.Check(Whole(_start.AddDays(days)), _services, []));

    [Fact]
    public void An_end_date_the_day_after_the_start_is_accepted() =>
        Assert.Null(MembershipRules.Check(Whole(_start.AddDays(1)), _services, []));

    [Fact]
    public void Neither_the_whole_structure_nor_a_service_is_refused() =>
        Assert.Equal(MembershipRefusal.NoScope, MembershipRules.Check(Services(), _services, []));

    [Fact]
    public void The_whole_structure_and_services_together_is_refused_not_resolved() =>
        Assert.Equal(MembershipRefusal.StructureAndServices, MembershipRules.Check(Whole() with { ServiceIds = [_finances] }, _services, []));

    [Fact]
    public void A_service_of_another_structure_is_refused() =>
        Assert.Equal(MembershipRefusal.UnknownService, MembershipRules.Check(Services(_finances, Guid.NewGuid()), _services, []));

    [Fact]
    public void Any_request_duplicates_a_whole_structure_membership() =>
        Assert.Equal(MembershipRefusal.Duplicate, MembershipRules.Check(Services(_works), _services, [new MembershipScope(true, [])]));

    [Fact]
    public void A_service_already_held_or_asked_is_a_duplicate() =>
        Assert.Equal(MembershipRefusal.Duplicate, MembershipRules.Check(Services(_finances, _works), _services, [new MembershipScope(false, [_works])]));

    [Fact]
    public void Other_services_of_the_same_structure_are_not_a_duplicate() =>
        Assert.Null(MembershipRules.Check(Services(_finances), _services, [new MembershipScope(false, [_works])]));

    [Fact]
    public void The_whole_structure_extends_a_membership_limited_to_some_services() =>
        Assert.Null(MembershipRules.Check(Whole(), _services, [new MembershipScope(false, [_works])]));
}
