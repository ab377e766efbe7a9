using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Tests.Memberships;

public sealed class DeleteMembershipsTests : IDisposable
{
    private readonly MembershipWorld _world = new();

    public void Dispose() => _world.Dispose();

    private async Task<DeleteMembershipsResult> DeleteAsync(Guid userId, Guid id, Dictionary<Guid, Guid>? successors = null)
    {
        await using var db = _world.Database.CreateContext();
        return await new DeleteMemberships(db, _world.Clock).ExecuteAsync(userId, "pdufour", [id], successors ?? [], CancellationToken.None);
    }

    private async Task<List<Membership>> MembershipsAsync()
    {
        await using var db = _world.Database.CreateContext();
        return await db.Memberships.Include(m => m.User).ToListAsync();
    }

    [Fact]
    public async Task A_simple_user_loses_the_membership_which_is_ended_today()
    {
        var user = _world.User("clefebvre");
        var id = _world.Membership(user, _world.Structure("COMMUNE D'EXEMPLE", "21450234500017"));

        Assert.Equal(DeleteMembershipsOutcome.Deleted, (await DeleteAsync(user, id)).Outcome);

        var membership = Assert.Single(await MembershipsAsync());
        Assert.Equal((MembershipStatus.Ended, _world.Today), (membership.Status, membership.EndDate!.Value));
    }

    [Fact]
    public async Task Another_users_membership_is_not_found_and_untouched()
    {
        var owner = _world.User("clefebvre");
        var intruder = _world.User("intrus");
        var id = _world.Membership(owner, _world.Structure("COMMUNE D'EXEMPLE", "21450234500017"));

        Assert.Equal(DeleteMembershipsOutcome.NotFound, (await DeleteAsync(intruder, id)).Outcome);
        Assert.Equal(MembershipStatus.Active, Assert.Single(await MembershipsAsync()).Status);
    }

    [Fact]
    public async Task Primary_manager_cannot_leave_without_successor()
    {
        var primary = _world.User("pdufour");
        var id = _world.Membership(primary, _world.Structure("COMMUNE D'EXEMPLE", "21450234500017"), MembershipRole.PrimaryManager);

        var result = await DeleteAsync(primary, id);

        Assert.Equal((DeleteMembershipsOutcome.SuccessorRequired, id), (result.Outcome, result.MembershipId!.Value));
        Assert.Equal(MembershipRole.PrimaryManager, Assert.Single(await MembershipsAsync()).Role);
    }

    [Fact]
    public async Task A_successor_must_be_an_active_user_of_the_same_structure()
    {
        var primary = _world.User("pdufour");
        var outsider = _world.User("nrousseau");
        var inactive = _world.User("bleroy", UserStatus.Inactive);
        var mairie = _world.Structure("COMMUNE D'EXEMPLE", "21450234500017");
        var id = _world.Membership(primary, mairie, MembershipRole.PrimaryManager);
        _world.Membership(outsider, _world.Structure("CC DU VAL", "20004512800010"));
        _world.Membership(inactive, mairie);

        Assert.Equal(DeleteMembershipsOutcome.InvalidSuccessor, (await DeleteAsync(primary, id, new() { [id] = outsider })).Outcome);
        Assert.Equal(DeleteMembershipsOutcome.InvalidSuccessor, (await DeleteAsync(primary, id, new() { [id] = inactive })).Outcome);
        Assert.Equal(DeleteMembershipsOutcome.InvalidSuccessor, (await DeleteAsync(primary, id, new() { [id] = primary })).Outcome);
    }

    [Fact]
    public async Task The_primary_manager_hands_over_and_stays_as_a_simple_user()
    {
        var primary = _world.User("pdufour");
        var successor = _world.User("jmartin");
        var mairie = _world.Structure("COMMUNE D'EXEMPLE", "21450234500017");
        var id = _world.Membership(primary, mairie, MembershipRole.PrimaryManager);
        _world.Membership(successor, mairie, MembershipRole.SecondaryManager);

        Assert.Equal(DeleteMembershipsOutcome.Deleted, (await DeleteAsync(primary, id, new() { [id] = successor })).Outcome);

        var roles = (await MembershipsAsync()).ToDictionary(m => m.User!.Login, m => (m.Role, m.Status));
        Assert.Equal((MembershipRole.Member, MembershipStatus.Active), roles["pdufour"]);
        Assert.Equal((MembershipRole.PrimaryManager, MembershipStatus.Active), roles["jmartin"]);
    }

    [Fact]
    public async Task Two_racing_handovers_leave_exactly_one_primary_manager()
    {
        var primary = _world.User("pdufour");
        var first = _world.User("jmartin");
        var second = _world.User("clefebvre");
        var mairie = _world.Structure("COMMUNE D'EXEMPLE", "21450234500017");
        var id = _world.Membership(primary, mairie, MembershipRole.PrimaryManager);
        _world.Membership(first, mairie);
        _world.Membership(second, mairie);
        await using var tabA = _world.Database.CreateContext();
        await using var tabB = _world.Database.CreateContext();
        // Both tabs read the primary manager's membership before either writes.
        await tabA.Memberships.SingleAsync(m => m.Id == id);
        await tabB.Memberships.SingleAsync(m => m.Id == id);

        var a = await new DeleteMemberships(tabA, _world.Clock).ExecuteAsync(primary, "pdufour", [id], new Dictionary<Guid, Guid> { [id] = first }, CancellationToken.None);
        var b = await new DeleteMemberships(tabB, _world.Clock).ExecuteAsync(primary, "pdufour", [id], new Dictionary<Guid, Guid> { [id] = second }, CancellationToken.None);

        Assert.Equal((DeleteMembershipsOutcome.Deleted, DeleteMembershipsOutcome.ModifiedElsewhere), (a.Outcome, b.Outcome));
        var primaries = (await MembershipsAsync()).Where(m => m.Role == MembershipRole.PrimaryManager && m.Status == MembershipStatus.Active).ToList();
        Assert.Equal("jmartin", Assert.Single(primaries).User!.Login);
    }

    [Fact]
    public async Task The_database_refuses_a_second_active_primary_manager()
    {
        var mairie = _world.Structure("COMMUNE D'EXEMPLE", "21450234500017");
        _world.Membership(_world.User("pdufour"), mairie, MembershipRole.PrimaryManager);

        Assert.Throws<DbUpdateException>(() => _world.Membership(_world.User("jmartin"), mairie, MembershipRole.PrimaryManager));
        _world.Membership(_world.User("ancien"), mairie, MembershipRole.PrimaryManager, MembershipStatus.Ended);
    }
}
