using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Subscriptions;
using ChorusAccount.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Tests.Subscriptions;

public sealed class SpaceLinesTests : IDisposable
{
    private static readonly int _myAccount = SpaceId(SpaceCatalog.MyAccount);
    private static readonly int _invoicesSent = SpaceId(SpaceCatalog.InvoicesSent);
    private static readonly int _invoicesReceived = SpaceId(SpaceCatalog.InvoicesReceived);
    private static readonly int _managerActivities = SpaceId(SpaceCatalog.ManagerActivities);
    private static readonly int _worksInvoices = SpaceId("FACTURES_TRAVAUX");

    private readonly MembershipWorld _world = new();

    public void Dispose() => _world.Dispose();

    private static int SpaceId(string code) => SpaceCatalog.All.Single(s => s.Code == code).Id;

    /// <summary>The user's lines by the set query; every test also holds the one-user query « Mes abonnements » uses to it.</summary>
    private List<SpaceLine> Lines(Guid userId)
    {
        using var db = _world.Database.CreateContext();
        var lines = SpaceLines.Active(db, _world.Today).Where(l => l.UserId == userId).AsEnumerable().OrderBy(l => l.ServiceUnitId).ThenBy(l => l.SpaceId).ToList();
        var ofUser = SpaceLines.OfUser(db, userId, _world.Today).ToList();
        Assert.Equal(Comparable(lines), Comparable(ofUser));
        // « Mon compte » and home build the same rows from the memberships they read for « Mes rattachements ».
        var direct = SubscriptionLines.ForUserAsync(db, userId, _world.Today, CancellationToken.None).GetAwaiter().GetResult();
        var overview = new GetAccountOverview(db, _world.Clock).ExecuteAsync(userId, CancellationToken.None).GetAwaiter().GetResult();
        Assert.Equal(direct, overview.Subscriptions);
        // « Mes abonnements » composes the same rule (defaults, then covered rows): its held lines are the user's lines.
        Assert.Equal(Comparable(lines), [.. direct.Where(r => r.Status == SubscriptionStatus.Active)
            .Select(r => $"{userId} {r.StructureId} {r.ServiceUnitId} {r.SpaceId} {r.Mode} {r.IsDefault} {r.SubscriptionId}").Distinct().Order(StringComparer.Ordinal)]);
        return lines;
    }

    private static List<string> Comparable(IEnumerable<SpaceLine> lines) =>
        [.. lines.Select(l => $"{l.UserId} {l.StructureId} {l.ServiceUnitId} {l.SpaceId} {l.Mode} {l.IsDefault} {l.SubscriptionId}").Distinct().Order(StringComparer.Ordinal)];

    private List<Guid> Holders(Guid structureId, Guid? serviceUnitId, int spaceId)
    {
        using var db = _world.Database.CreateContext();
        return [.. SpaceLines.Holders(db, structureId, serviceUnitId, spaceId, _world.Today)];
    }

    private void Change(Guid membershipId, Action<Membership> change)
    {
        using var db = _world.Database.CreateContext();
        change(db.Memberships.Single(m => m.Id == membershipId));
        db.SaveChanges();
    }

    [Theory]
    [InlineData(MembershipRole.Member, false)]
    [InlineData(MembershipRole.SecondaryManager, true)]
    [InlineData(MembershipRole.PrimaryManager, true)]
    public void The_default_rule_gives_manager_activities_to_managers_only(MembershipRole role, bool expected)
    {
        var managerActivities = SpaceCatalog.All.Single(s => s.Id == _managerActivities);
        var worksInvoices = SpaceCatalog.All.Single(s => s.Id == _worksInvoices);
        var myAccount = SpaceCatalog.All.Single(s => s.Id == _myAccount);

        Assert.Equal(expected, AccessRules.Compiled.GrantedByDefault(managerActivities, role));
        Assert.False(AccessRules.Compiled.GrantedByDefault(worksInvoices, role));
        Assert.True(AccessRules.Compiled.GrantedByDefault(myAccount, role));
    }

    [Fact]
    public void An_active_whole_structure_membership_gives_the_three_default_spaces_to_a_member()
    {
        var user = _world.User("pdufour");
        var structure = _world.Structure("COMMUNE D'EXEMPLE", "21450001700014");
        _world.Membership(user, structure);

        var lines = Lines(user);

        Assert.Equal([_myAccount, _invoicesSent, _invoicesReceived], lines.Select(l => l.SpaceId));
        Assert.All(lines, l =>
        {
            Assert.Equal(structure.Id, l.StructureId);
            Assert.Null(l.ServiceUnitId);
            Assert.True(l.IsDefault);
            Assert.Null(l.SubscriptionId);
            Assert.Equal(SubscriptionMode.Modification, l.Mode);
        });
    }

    [Fact]
    public void A_manager_also_gets_manager_activities_and_loses_it_with_the_role()
    {
        var user = _world.User("jmartin");
        var structure = _world.Structure("COMMUNE D'EXEMPLE", "21450001700014");
        var membership = _world.Membership(user, structure, MembershipRole.SecondaryManager);

        Assert.Equal([_myAccount, _invoicesSent, _invoicesReceived, _managerActivities], Lines(user).Select(l => l.SpaceId));

        Change(membership, m => m.Role = MembershipRole.Member);

        Assert.Equal([_myAccount, _invoicesSent, _invoicesReceived], Lines(user).Select(l => l.SpaceId));
    }

    [Theory]
    [InlineData(MembershipStatus.Pending)]
    [InlineData(MembershipStatus.Refused)]
    [InlineData(MembershipStatus.Ended)]
    public void A_membership_that_is_not_active_gives_nothing(MembershipStatus status)
    {
        var user = _world.User("pdufour");
        var structure = _world.Structure("COMMUNE D'EXEMPLE", "21450001700014");
        _world.Membership(user, structure, MembershipRole.PrimaryManager, status);

        Assert.Empty(Lines(user));
    }

    [Fact]
    public void Ending_the_membership_withdraws_its_default_lines_and_the_validated_ones_it_covered()
    {
        var user = _world.User("pdufour");
        var structure = _world.Structure("COMMUNE D'EXEMPLE", "21450001700014");
        var membership = _world.Membership(user, structure);
        var works = _world.Subscription(user, structure.Id, null, _worksInvoices, SubscriptionStatus.Active);

        Assert.Contains(Lines(user), l => l.SubscriptionId == works && l.SpaceId == _worksInvoices && !l.IsDefault && l.Mode == SubscriptionMode.Consultation);

        Change(membership, m => m.Status = MembershipStatus.Ended);

        Assert.Empty(Lines(user));
    }

    [Fact]
    public void A_membership_to_services_gives_one_line_per_service_and_space()
    {
        var user = _world.User("tgarnier");
        var structure = _world.Structure("COMMUNE D'EXEMPLE", "21450001700014", null, "SERV-FIN", "SERV-TECH", "SERV-RH");
        _world.Membership(user, structure, MembershipRole.Member, MembershipStatus.Active, "SERV-FIN", "SERV-TECH");
        var fin = structure.Services.Single(s => s.Code == "SERV-FIN").Id;
        var tech = structure.Services.Single(s => s.Code == "SERV-TECH").Id;

        var lines = Lines(user);

        Assert.Equal(6, lines.Count);
        Assert.Equal(new[] { fin, tech }.Order(), lines.Select(l => l.ServiceUnitId!.Value).Distinct().Order());
        Assert.Equal([_myAccount, _invoicesSent, _invoicesReceived], lines.Where(l => l.ServiceUnitId == fin).Select(l => l.SpaceId));
    }

    [Fact]
    public void A_withdrawn_default_line_stays_off_and_the_others_stay()
    {
        var user = _world.User("pdufour");
        var structure = _world.Structure("COMMUNE D'EXEMPLE", "21450001700014");
        _world.Membership(user, structure);
        _world.Subscription(user, structure.Id, null, _invoicesSent, SubscriptionStatus.Withdrawn);

        Assert.Equal([_myAccount, _invoicesReceived], Lines(user).Select(l => l.SpaceId));
    }

    [Fact]
    public void Pending_and_refused_requests_are_not_held_lines()
    {
        var user = _world.User("pdufour");
        var structure = _world.Structure("COMMUNE D'EXEMPLE", "21450001700014");
        _world.Membership(user, structure);
        _world.Subscription(user, structure.Id, null, _worksInvoices, SubscriptionStatus.Pending);
        _world.Subscription(user, structure.Id, null, SpaceId("FACTURES_A_VALIDER"), SubscriptionStatus.Refused);

        Assert.DoesNotContain(Lines(user), l => !l.IsDefault);
    }

    [Fact]
    public void A_validated_request_for_a_service_counts_only_while_an_membership_covers_that_service()
    {
        var user = _world.User("tgarnier");
        var structure = _world.Structure("COMMUNE D'EXEMPLE", "21450001700014", null, "SERV-FIN", "SERV-TECH");
        _world.Membership(user, structure, MembershipRole.Member, MembershipStatus.Active, "SERV-FIN");
        var fin = structure.Services.Single(s => s.Code == "SERV-FIN").Id;
        var tech = structure.Services.Single(s => s.Code == "SERV-TECH").Id;
        var onFin = _world.Subscription(user, structure.Id, fin, _worksInvoices, SubscriptionStatus.Active);
        var onTech = _world.Subscription(user, structure.Id, tech, _worksInvoices, SubscriptionStatus.Active);
        var onWhole = _world.Subscription(user, structure.Id, null, SpaceId("FACTURES_A_VALIDER"), SubscriptionStatus.Active);

        var validated = Lines(user).Where(l => !l.IsDefault).Select(l => l.SubscriptionId).ToList();

        Assert.Equal([onFin], validated);
        Assert.DoesNotContain(onTech, validated);
        Assert.DoesNotContain(onWhole, validated);
    }

    [Fact]
    public void Holders_of_a_service_event_are_whole_structure_lines_and_that_service_lines()
    {
        var structure = _world.Structure("COMMUNE D'EXEMPLE", "21450001700014", null, "SERV-FIN", "SERV-TECH");
        var fin = structure.Services.Single(s => s.Code == "SERV-FIN").Id;
        var whole = _world.User("pdufour");
        _world.Membership(whole, structure, MembershipRole.PrimaryManager);
        var onFin = _world.User("tgarnier");
        _world.Membership(onFin, structure, MembershipRole.Member, MembershipStatus.Active, "SERV-FIN");
        var onTech = _world.User("clefebvre");
        _world.Membership(onTech, structure, MembershipRole.Member, MembershipStatus.Active, "SERV-TECH");
        var withdrew = _world.User("jmartin");
        _world.Membership(withdrew, structure, MembershipRole.SecondaryManager);
        _world.Subscription(withdrew, structure.Id, null, _invoicesReceived, SubscriptionStatus.Withdrawn);
        var elsewhere = _world.User("nrousseau");
        _world.Membership(elsewhere, _world.Structure("CC DU VAL D'EXEMPLE", "20004501600019"), MembershipRole.PrimaryManager);

        Assert.Equal(new[] { whole, onFin }.Order(), Holders(structure.Id, fin, _invoicesReceived).Order());
        Assert.Equal(new[] { whole, onFin, withdrew }.Order(), Holders(structure.Id, fin, _invoicesSent).Order());
        Assert.Equal([whole], Holders(structure.Id, null, _invoicesReceived));
        Assert.Empty(Holders(structure.Id, fin, _worksInvoices));
    }

    [Fact]
    public void A_user_attached_twice_to_one_structure_is_one_holder()
    {
        var structure = _world.Structure("COMMUNE D'EXEMPLE", "21450001700014", null, "SERV-FIN");
        var user = _world.User("tgarnier");
        _world.Membership(user, structure, MembershipRole.Member, MembershipStatus.Active, "SERV-FIN");
        _world.Membership(user, structure);

        Assert.Equal([user], Holders(structure.Id, structure.Services[0].Id, _invoicesSent));
    }
}
