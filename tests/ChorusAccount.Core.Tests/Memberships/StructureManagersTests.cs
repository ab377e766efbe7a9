using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Subscriptions;
using ChorusAccount.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Tests.Memberships;

/// <summary>The one-user query behind the « Activités du gestionnaire » tab agrees with the full rule, case by case.</summary>
public sealed class StructureManagersTests : IDisposable
{
    private static readonly int _managerActivities = SpaceCatalog.IdOf(SpaceCatalog.ManagerActivities);

    private readonly MembershipWorld _world = new();

    public void Dispose() => _world.Dispose();

    public enum Case
    {
        Member,
        PrimaryManagerOfTheWholeStructure,
        SecondaryManagerOfServices,
        PendingManager,
        ManagerWhoWithdrewTheLine,
        ManagerWhoWithdrewTheLineThenGotItValidated,
        ManagerOfTwoServicesWhoWithdrewOne,
        ManagerOfTwoServicesWhoWithdrewBoth,
        MemberWithAValidatedManagerLine,
        ManagerWithAValidatedLineForAServiceNotCovered,
    }

    [Theory]
    [InlineData(Case.Member, false)]
    [InlineData(Case.PrimaryManagerOfTheWholeStructure, true)]
    [InlineData(Case.SecondaryManagerOfServices, true)]
    [InlineData(Case.PendingManager, false)]
    [InlineData(Case.ManagerWhoWithdrewTheLine, false)]
    [InlineData(Case.ManagerWhoWithdrewTheLineThenGotItValidated, true)]
    [InlineData(Case.ManagerOfTwoServicesWhoWithdrewOne, true)]
    [InlineData(Case.ManagerOfTwoServicesWhoWithdrewBoth, false)]
    [InlineData(Case.MemberWithAValidatedManagerLine, false)]
    [InlineData(Case.ManagerWithAValidatedLineForAServiceNotCovered, false)]
    public async Task The_tab_query_agrees_with_the_full_rule(Case @case, bool expected)
    {
        var user = _world.User("jmartin");
        var structure = _world.Structure("COMMUNE D'EXEMPLE", "21450001700014", null, "SERV-FIN", "SERV-TECH");
        var fin = structure.Services.Single(s => s.Code == "SERV-FIN").Id;
        var tech = structure.Services.Single(s => s.Code == "SERV-TECH").Id;
        // Someone else's lines on the same structure never count for this user.
        _world.Membership(_world.User("pdufour"), structure, MembershipRole.PrimaryManager);
        switch (@case)
        {
            case Case.Member:
                _world.Membership(user, structure);
                break;
            case Case.PrimaryManagerOfTheWholeStructure:
                _world.Membership(user, _world.Structure("CC DU VAL D'EXEMPLE", "20004501600019"), MembershipRole.PrimaryManager);
                break;
            case Case.SecondaryManagerOfServices:
                _world.Membership(user, structure, MembershipRole.SecondaryManager, MembershipStatus.Active, "SERV-FIN");
                break;
            case Case.PendingManager:
                _world.Membership(user, structure, MembershipRole.SecondaryManager, MembershipStatus.Pending);
                break;
            case Case.ManagerWhoWithdrewTheLine:
                _world.Membership(user, structure, MembershipRole.SecondaryManager);
                Stored(user, structure.Id, null, SubscriptionStatus.Withdrawn);
                break;
            case Case.ManagerWhoWithdrewTheLineThenGotItValidated:
                _world.Membership(user, structure, MembershipRole.SecondaryManager);
                Stored(user, structure.Id, null, SubscriptionStatus.Withdrawn);
                Stored(user, structure.Id, null, SubscriptionStatus.Active);
                break;
            case Case.ManagerOfTwoServicesWhoWithdrewOne:
                _world.Membership(user, structure, MembershipRole.SecondaryManager, MembershipStatus.Active, "SERV-FIN", "SERV-TECH");
                Stored(user, structure.Id, fin, SubscriptionStatus.Withdrawn);
                break;
            case Case.ManagerOfTwoServicesWhoWithdrewBoth:
                _world.Membership(user, structure, MembershipRole.SecondaryManager, MembershipStatus.Active, "SERV-FIN", "SERV-TECH");
                Stored(user, structure.Id, fin, SubscriptionStatus.Withdrawn);
                Stored(user, structure.Id, tech, SubscriptionStatus.Withdrawn);
                break;
            case Case.MemberWithAValidatedManagerLine:
                _world.Membership(user, structure);
                Stored(user, structure.Id, null, SubscriptionStatus.Active);
                break;
            case Case.ManagerWithAValidatedLineForAServiceNotCovered:
                _world.Membership(user, structure, MembershipRole.SecondaryManager, MembershipStatus.Active, "SERV-FIN");
                Stored(user, structure.Id, fin, SubscriptionStatus.Withdrawn);
                Stored(user, structure.Id, tech, SubscriptionStatus.Active);
                break;
        }

        await using var db = _world.Database.CreateContext();
        var managed = await StructureManagers.StructureIds(db, user, _world.Today).ToListAsync();
        var structures = await db.Structures.Select(s => s.Id).ToListAsync();
        var managedFromTheStructures = new List<Guid>();
        foreach (var id in structures)
        {
            if (await StructureManagers.ManagerIds(db, id, _world.Today).ContainsAsync(user))
            {
                managedFromTheStructures.Add(id);
            }
        }

        // The one-user query (the session's claim) and the set query (a structure's managers) are the same rule.
        Assert.Equal(expected, await StructureManagers.ManagesAnyAsync(db, user, _world.Today, CancellationToken.None));
        Assert.Equal(expected, managed.Count > 0);
        Assert.Equal(managed.Order(), managedFromTheStructures.Order());
    }

    private void Stored(Guid userId, Guid structureId, Guid? serviceUnitId, SubscriptionStatus status) =>
        _world.Subscription(userId, structureId, serviceUnitId, _managerActivities, status);
}
