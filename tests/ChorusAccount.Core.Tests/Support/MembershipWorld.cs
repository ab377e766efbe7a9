using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Structures;
using ChorusAccount.Core.Subscriptions;

namespace ChorusAccount.Core.Tests.Support;

/// <summary>A database with users, structures and memberships, built line by line by each test.</summary>
internal sealed class MembershipWorld : IDisposable
{
    public SqliteTestDatabase Database { get; } = new();
    public FixedTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero));
    public DateOnly Today { get; } = new(2026, 3, 2);

    public void Dispose() => Database.Dispose();

    public Guid User(string login, UserStatus status = UserStatus.Active)
    {
        using var db = Database.CreateContext();
        var user = new User
        {
            Login = login,
            LastName = login.ToUpperInvariant(),
            FirstName = "Prénom",
            ContactEmail = login + "@mairie-exemple.fr",
            Address = new PostalAddress { Country = "FR" },
            Status = status,
            CreatedAt = Clock.GetUtcNow().UtcDateTime,
            UpdatedAt = Clock.GetUtcNow().UtcDateTime,
        };
        db.Users.Add(user);
        db.SaveChanges();
        return user.Id;
    }

    public Structure Structure(string name, string identifier, string? city = null, params string[] serviceCodes)
    {
        using var db = Database.CreateContext();
        var structure = new Structure { CompanyName = name, Identifier = identifier, City = city, IdentifierType = identifier.All(char.IsAsciiDigit) ? StructureIdentifierType.Siret : StructureIdentifierType.Autre, CreatedAt = Clock.GetUtcNow().UtcDateTime };
        structure.Services.AddRange(serviceCodes.Select(c => new ServiceUnit { StructureId = structure.Id, Code = c, Label = "Service " + c }));
        db.Structures.Add(structure);
        db.SaveChanges();
        StructureSearchTokens.RefreshAsync(db, [structure.Id], CancellationToken.None).GetAwaiter().GetResult();
        return structure;
    }

    public Guid Membership(Guid userId, Structure structure, MembershipRole role = MembershipRole.Member, MembershipStatus status = MembershipStatus.Active, params string[] serviceCodes)
    {
        using var db = Database.CreateContext();
        var membership = new Membership
        {
            UserId = userId,
            StructureId = structure.Id,
            Role = role,
            Status = status,
            WholeStructure = serviceCodes.Length == 0,
            StartDate = new DateOnly(2024, 1, 1),
            RequestedAt = Clock.GetUtcNow().UtcDateTime,
            Services = [.. structure.Services.Where(s => serviceCodes.Contains(s.Code)).Select(s => new MembershipService { ServiceUnitId = s.Id })],
        };
        db.Memberships.Add(membership);
        db.SaveChanges();
        return membership.Id;
    }

    /// <summary>A stored subscription row: a request, a validated line, or a withdrawn default line.</summary>
    public Guid Subscription(Guid userId, Guid structureId, Guid? serviceUnitId, int spaceId, SubscriptionStatus status)
    {
        using var db = Database.CreateContext();
        var subscription = new Subscription
        {
            UserId = userId,
            StructureId = structureId,
            ServiceUnitId = serviceUnitId,
            SpaceId = spaceId,
            Status = status,
            Mode = SubscriptionMode.Consultation,
            RequestedAt = Clock.GetUtcNow().UtcDateTime,
        };
        db.Subscriptions.Add(subscription);
        db.SaveChanges();
        return subscription.Id;
    }
}
