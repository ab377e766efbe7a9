using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Tests.Accounts;

public sealed class UpdateProfileTests : IDisposable
{
    private static readonly DateTimeOffset _now = new(2026, 11, 27, 9, 30, 0, TimeSpan.Zero);
    private readonly SqliteTestDatabase _database = new();

    private async Task<User> SeedAsync(bool validated)
    {
        var user = new User
        {
            Login = "pdufour",
            Civility = "Mme",
            LastName = "DUFOUR",
            FirstName = "Pauline",
            ContactEmail = "pauline.dufour@mairie-exemple.fr",
            Address = new PostalAddress { Line1 = "1 place de la Mairie", PostalCode = "45000", City = "Orléans", Country = "FR" },
            ProfileValidatedAt = validated ? _now.UtcDateTime.AddDays(-10) : null,
        };
        await using var db = _database.CreateContext();
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }

    private static PersonalInformation Info(User user, string? city = null, string? email = null) => new(
        user.Civility,
        user.LastName,
        user.FirstName,
        email ?? user.ContactEmail,
        new PostalAddress { Line1 = user.Address.Line1, PostalCode = user.Address.PostalCode, City = city ?? user.Address.City, Country = "FR" });

    private async Task<UpdateProfileResult> RunAsync(Guid userId, Guid version, PersonalInformation info, AccountParameters? parameters = null)
    {
        await using var db = _database.CreateContext();
        return await new UpdateProfile(db, new FixedTimeProvider(_now)).ExecuteAsync(userId, version, info, parameters, CancellationToken.None);
    }

    [Fact]
    public async Task First_validation_is_recorded_even_without_edits()
    {
        var user = await SeedAsync(validated: false);

        var result = await RunAsync(user.Id, user.Version, Info(user));

        Assert.Equal(UpdateProfileOutcome.Saved, result.Outcome);
        await using var db = _database.CreateContext();
        Assert.Equal(_now.UtcDateTime, (await db.Users.SingleAsync()).ProfileValidatedAt);
        var entry = await db.AuditEntries.SingleAsync();
        Assert.Equal((UpdateProfile.ValidatedAction, "pdufour", 0), (entry.Action, entry.Actor, entry.Changes.Count));
    }

    [Fact]
    public async Task Each_changed_field_is_recorded_with_its_old_and_new_value()
    {
        var user = await SeedAsync(validated: true);

        await RunAsync(user.Id, user.Version, Info(user, city: "Tours", email: "  p.dufour@mairie-exemple.fr "), new AccountParameters(UserLanguage.English, false));

        await using var db = _database.CreateContext();
        var saved = await db.Users.SingleAsync();
        Assert.Equal("p.dufour@mairie-exemple.fr", saved.ContactEmail);
        Assert.Equal(UserLanguage.English, saved.Language);
        var entry = await db.AuditEntries.SingleAsync();
        Assert.Equal(UpdateProfile.UpdatedAction, entry.Action);
        Assert.Equal(
            ["City: Orléans → Tours", "ContactEmail: pauline.dufour@mairie-exemple.fr → p.dufour@mairie-exemple.fr", "Language: French → English", "ReceiveNotifications: True → False"],
            entry.Changes.Select(c => $"{c.Field}: {c.OldValue} → {c.NewValue}").Order().ToArray());
    }

    [Fact]
    public async Task Nothing_changed_writes_nothing()
    {
        var user = await SeedAsync(validated: true);

        var result = await RunAsync(user.Id, user.Version, Info(user), new AccountParameters(UserLanguage.French, true));

        Assert.Equal(UpdateProfileOutcome.Unchanged, result.Outcome);
        await using var db = _database.CreateContext();
        Assert.Empty(await db.AuditEntries.ToListAsync());
        Assert.Equal(user.Version, (await db.Users.SingleAsync()).Version);
    }

    [Fact]
    public async Task A_change_made_from_an_outdated_version_is_refused_and_leaves_the_newer_one()
    {
        var user = await SeedAsync(validated: true);
        var first = await RunAsync(user.Id, user.Version, Info(user, city: "Blois"));
        Assert.Equal(UpdateProfileOutcome.Saved, first.Outcome);

        var stale = await RunAsync(user.Id, user.Version, Info(user, city: "Tours"));

        Assert.Equal(UpdateProfileOutcome.ModifiedElsewhere, stale.Outcome);
        await using var db = _database.CreateContext();
        Assert.Equal("Blois", (await db.Users.SingleAsync()).Address.City);
        Assert.Single(await db.AuditEntries.ToListAsync());
    }

    [Fact]
    public async Task A_contact_email_change_queues_one_notice_to_the_previous_address_with_the_change()
    {
        var user = await SeedAsync(validated: true);

        // « Recevoir des notifications » unticked by the same form: the notice goes all the same.
        await RunAsync(user.Id, user.Version, Info(user, email: "p.dufour@mairie-exemple.fr"), new AccountParameters(UserLanguage.French, false));

        await using var db = _database.CreateContext();
        var notice = await db.NotificationEvents.SingleAsync();
        Assert.Equal(
            (NotificationEventKind.ContactEmailChanged, (Guid?)user.Id, "p.dufour@mairie-exemple.fr", _now.UtcDateTime),
            (notice.Kind, notice.RecipientUserId, notice.NewContactEmail, notice.OccurredAt));
        var outbox = await db.NotificationDigests.SingleAsync();
        Assert.Equal(
            ((Guid?)notice.Id, "pauline.dufour@mairie-exemple.fr", DigestStatus.Pending, _now.UtcDateTime),
            (outbox.EventId, outbox.Recipient, outbox.Status, outbox.NextAttemptAt));
    }

    [Fact]
    public async Task No_notice_at_the_first_validation_for_a_change_of_case_or_for_other_fields()
    {
        var first = await SeedAsync(validated: false);
        await RunAsync(first.Id, first.Version, Info(first, email: "autre@mairie-exemple.fr"));
        await using (var db = _database.CreateContext())
        {
            var validated = await db.Users.SingleAsync();
            await RunAsync(validated.Id, validated.Version, Info(validated, email: "AUTRE@mairie-exemple.fr"));
        }

        await using (var db = _database.CreateContext())
        {
            var user = await db.Users.SingleAsync();
            await RunAsync(user.Id, user.Version, Info(user, city: "Tours"));
        }

        await using var check = _database.CreateContext();
        Assert.Equal("AUTRE@mairie-exemple.fr", (await check.Users.SingleAsync()).ContactEmail);
        Assert.Equal(3, await check.AuditEntries.CountAsync());
        Assert.Empty(await check.NotificationEvents.ToListAsync());
        Assert.Empty(await check.NotificationDigests.ToListAsync());
    }

    [Fact]
    public async Task Unknown_user_is_not_found()
    {
        var result = await RunAsync(Guid.NewGuid(), Guid.NewGuid(), new PersonalInformation(null, "X", "Y", "x@y.fr", new PostalAddress()));
        Assert.Equal(UpdateProfileOutcome.NotFound, result.Outcome);
    }

    public void Dispose() => _database.Dispose();
}
