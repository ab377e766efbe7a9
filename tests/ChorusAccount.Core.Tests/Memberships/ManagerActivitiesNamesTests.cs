using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Tests.Support;

namespace ChorusAccount.Core.Tests.Memberships;

/// <summary>« Activités du gestionnaire » names the users as the rest of the portal does (<see cref="User.DisplayNameOf"/>).</summary>
public sealed class ManagerActivitiesNamesTests : IDisposable
{
    private readonly MembershipWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task Accented_last_names_are_written_in_capitals_like_everywhere_else()
    {
        var mairie = _world.Structure("Mairie", "21450001300019");
        var manager = _world.User("gestionnaire");
        _world.Membership(manager, mairie, MembershipRole.PrimaryManager);
        var requester = _world.User("requerant");
        _world.Membership(requester, mairie, status: MembershipStatus.Pending);
        using (var db = _world.Database.CreateContext())
        {
            var user = db.Users.Single(u => u.Id == requester);
            user.FirstName = "Élise";
            user.LastName = "Lefèvre-Dupré";
            db.Users.Single(u => u.Id == manager).LastName = "Hervé";
            db.SaveChanges();
        }

        using var read = _world.Database.CreateContext();
        var activities = await new GetManagerActivities(read, _world.Clock).ExecuteAsync(manager, CancellationToken.None);

        var pending = Assert.Single(activities!.Pending);
        Assert.Equal("Élise LEFÈVRE-DUPRÉ", pending.RequesterName);
        Assert.Equal(User.DisplayNameOf("Élise", "Lefèvre-Dupré"), pending.RequesterName);
        // The structure's users: its manager, attached.
        Assert.Equal("Prénom HERVÉ", Assert.Single(activities.Structures.Single().Users).Name);
    }
}
