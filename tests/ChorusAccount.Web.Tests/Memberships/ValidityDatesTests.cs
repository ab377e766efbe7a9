using ChorusAccount.Core;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Auditing;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Core.Structures;
using ChorusAccount.Core.Subscriptions;
using ChorusAccount.Web.Authentication;
using ChorusAccount.Web.Jobs;
using ChorusAccount.Web.Mail;
using ChorusAccount.Web.Tests.Infrastructure;
using ChorusAccount.Web.Tests.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace ChorusAccount.Web.Tests.Memberships;

/// <summary>
/// « Début / Fin de validité » on the real engines, with a fake clock: every path that grants takes a membership from its
/// first Paris day to its last one included, and nothing outside; the daily job ends it once and announces its end once.
/// </summary>
public abstract class ValidityDatesTests(ValidityPortalFixture fixture)
{
    private static readonly TimeZoneInfo _paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static readonly int _invoicesSent = SpaceCatalog.IdOf(SpaceCatalog.InvoicesSent);

    private readonly NotificationWorld _world = new(fixture.Host, fixture.Smtp);
    private FakeTimeProvider Clock => fixture.Clock;

    /// <summary>
    /// A Paris day <paramref name="days"/> after the clock's: the fake clock only moves forward, and the tests of the
    /// class share it, so each test takes its dates ahead of where the clock stands.
    /// </summary>
    private DateOnly DaysAhead(int days) => ParisDate.Today(Clock).AddDays(days);

    private static string Shown(DateOnly day) => day.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Sets the clock to a Paris wall-clock time (as the agents see it).</summary>
    private void ParisTime(DateOnly day, int hour, int minute = 0)
    {
        var local = day.ToDateTime(new TimeOnly(hour, minute));
        Clock.SetUtcNow(new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, _paris), TimeSpan.Zero));
    }

    private async Task<Guid> MembershipAsync(User user, Structure structure, MembershipRole role, DateOnly start, DateOnly? end)
    {
        var membership = new Membership
        {
            UserId = user.Id,
            StructureId = structure.Id,
            Role = role,
            Status = MembershipStatus.Active,
            WholeStructure = true,
            StartDate = start,
            EndDate = end,
            RequestedAt = DateTime.UtcNow,
        };
        await fixture.Host.WithDbAsync(async db =>
        {
            db.Memberships.Add(membership);
            await db.SaveChangesAsync();
        });
        return membership.Id;
    }

    /// <summary>What each path that grants gives the user on the structure at the clock's time.</summary>
    private async Task<Dictionary<string, bool>> GrantsAsync(User user, Structure structure)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<ChorusAccountDbContext>();
        var today = ParisDate.Today(Clock);
        var claim = (await PortalPrincipalFactory.CreateAsync(db, user, Clock, CancellationToken.None)).FindFirst(PortalClaims.Manager)?.Value;
        var overview = await sp.GetRequiredService<GetAccountOverview>().ExecuteAsync(user.Id, CancellationToken.None);
        var row = overview.Memberships.Single(m => m.StructureId == structure.Id);
        return new()
        {
            ["space lines (« Mon compte »)"] = overview.Subscriptions.Any(s => s.StructureId == structure.Id),
            ["space lines (all users)"] = await SpaceLines.Active(db, today).AnyAsync(l => l.UserId == user.Id && l.StructureId == structure.Id),
            ["holders"] = await SpaceLines.Holders(db, structure.Id, null, _invoicesSent, today).ContainsAsync(user.Id),
            ["managed structures"] = await StructureManagers.StructureIds(db, user.Id, today).ContainsAsync(structure.Id),
            ["structure's managers"] = await StructureManagers.ManagerIds(db, structure.Id, today).ContainsAsync(user.Id),
            ["manager claim"] = claim == "true",
            ["manager activities"] = await sp.GetRequiredService<GetManagerActivities>().ExecuteAsync(user.Id, CancellationToken.None) is not null,
            ["fiche structure"] = await sp.GetRequiredService<GetStructureCard>().ExecuteAsync(user.Id, structure.Id, CancellationToken.None) is not null,
            ["fiche structure icon"] = row.ShowsStructureCard,
            ["digest recipients"] = await DigestRecipients.InvoiceLines(db, today, [user.Id]).AnyAsync(l => l.StructureId == structure.Id),
            ["subscription choices"] = (await sp.GetRequiredService<GetSubscriptionChoices>().StructuresAsync(user.Id, CancellationToken.None)).Any(s => s.Id == structure.Id),
            ["subscription spaces"] = (await sp.GetRequiredService<GetSubscriptionChoices>().SpacesAsync(user.Id, structure.Id, null, CancellationToken.None)).Refusal is null,
        };
    }

    private async Task AssertGrantsAsync(bool expected, User user, Structure structure, string when)
    {
        var grants = await GrantsAsync(user, structure);
        var wrong = grants.Where(g => g.Value != expected).Select(g => g.Key).ToList();
        Assert.True(wrong.Count == 0, $"{when}: expected {(expected ? "granted" : "refused")} by every path, but not by {string.Join(", ", wrong)}");
    }

    [Fact]
    public async Task Every_grant_path_takes_a_membership_from_its_first_Paris_day_to_its_last_and_nothing_outside()
    {
        var structure = await _world.StructureAsync("SERV-FIN");
        var user = await _world.UserAsync();
        var start = DaysAhead(2);
        var end = start.AddDays(10);
        await MembershipAsync(user, structure, MembershipRole.PrimaryManager, start, end);

        ParisTime(start.AddDays(-1), 23, 59);
        await AssertGrantsAsync(false, user, structure, "the day before the start date, a minute before midnight in Paris");
        var upcoming = (await fixture.Host.WithDbAsync(db => GetAccountOverview.MembershipRowsAsync(db, user.Id, null, ParisDate.Today(Clock), default))).Single();
        Assert.True(upcoming.Upcoming);
        Assert.Equal("MembershipStatus.Upcoming", upcoming.StatusKey);

        // Midnight in Paris is 23:00 UTC the day before (winter time): the Paris day counts, not the server's.
        ParisTime(start, 0, 0);
        Assert.Equal(start.AddDays(-1), DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime));
        await AssertGrantsAsync(true, user, structure, "on the start date");
        Assert.False((await fixture.Host.WithDbAsync(db => GetAccountOverview.MembershipRowsAsync(db, user.Id, null, ParisDate.Today(Clock), default))).Single().Upcoming);

        ParisTime(end, 23, 59);
        await AssertGrantsAsync(true, user, structure, "on the end date");

        ParisTime(end.AddDays(1), 0, 1);
        await AssertGrantsAsync(false, user, structure, "the day after the end date, the job not run yet");
    }

    [Fact]
    public async Task A_subscription_request_needs_a_membership_in_force_on_the_day()
    {
        var structure = await _world.StructureAsync();
        var user = await _world.UserAsync();
        var start = DaysAhead(2);
        await MembershipAsync(user, structure, MembershipRole.Member, start, null);
        var request = new SubscriptionRequest(structure.Id, null, SpaceCatalog.IdOf("FACTURES_TRAVAUX"), SubscriptionMode.Consultation);

        async Task<RequestSubscriptionResult> RequestAsync()
        {
            await using var scope = fixture.Host.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<RequestSubscription>().ExecuteAsync(user.Id, user.Login, request, CancellationToken.None);
        }

        ParisTime(start.AddDays(-1), 12);
        Assert.Equal(SubscriptionRefusal.NotAttached, (await RequestAsync()).Refusal);
        ParisTime(start, 12);
        Assert.Null((await RequestAsync()).Refusal);
    }

    [Fact]
    public async Task The_daily_job_ends_a_membership_past_its_end_date_once_with_a_history_line_by_the_system_and_a_digest_event()
    {
        var structure = await _world.StructureAsync();
        var user = await _world.UserAsync();
        var end = DaysAhead(2);
        var id = await MembershipAsync(user, structure, MembershipRole.Member, new DateOnly(2025, 1, 1), end);

        ParisTime(end, 23, 0);
        await RunJobAsync();
        Assert.Equal(MembershipStatus.Active, await StatusAsync(id));

        ParisTime(end.AddDays(1), 0, 5);
        var first = await RunJobAsync();
        Assert.True(first.Ended >= 1);
        Assert.Equal(MembershipStatus.Ended, await StatusAsync(id));
        var (audits, events) = await TracesAsync(user);
        var audit = Assert.Single(audits);
        Assert.Equal((ExpireMemberships.SystemActor, ExpireMemberships.ExpiredAction), (audit.Actor, audit.Action));
        Assert.Contains(audit.Changes, c => c.Field == "Status" && c.NewValue == nameof(MembershipStatus.Ended));
        var ended = Assert.Single(events, e => e.Kind == NotificationEventKind.MembershipEnded);
        Assert.Equal((structure.Id, end, "Camille TESTEUR"), (ended.StructureId, ended.EffectiveDate, ended.SubjectName));

        // Again the same night, and the next day: nothing more.
        await RunJobAsync();
        ParisTime(end.AddDays(2), 0, 5);
        await RunJobAsync();
        Assert.Equal(MembershipStatus.Ended, await StatusAsync(id));
        var after = await TracesAsync(user);
        Assert.Single(after.Audits);
        Assert.Single(after.Events, e => e.Kind == NotificationEventKind.MembershipEnded);
        // Its last day came within the reminder delay, so it was also announced — once.
        Assert.Single(after.Events, e => e.Kind == NotificationEventKind.MembershipEnding);
    }

    [Fact]
    public async Task The_user_and_the_managers_read_the_coming_end_in_one_digest_only()
    {
        var structure = await _world.StructureAsync();
        var manager = await _world.UserAsync();
        var user = await _world.UserAsync(UserLanguage.English);
        await MembershipAsync(manager, structure, MembershipRole.PrimaryManager, new DateOnly(2025, 1, 1), null);
        var end = DaysAhead(20);
        await MembershipAsync(user, structure, MembershipRole.Member, new DateOnly(2025, 1, 1), end);

        // Sixteen days before: not yet (the default delay is 15 days).
        ParisTime(end.AddDays(-16), 0, 5);
        await RunJobAsync();
        Assert.Empty((await TracesAsync(user)).Events);

        ParisTime(end.AddDays(-15), 0, 5);
        await RunJobAsync();
        await RunJobAsync();
        ParisTime(end.AddDays(-15), 7, 0);
        var digests = await RunDigestAsync();
        ParisTime(end.AddDays(-14), 0, 5);
        await RunJobAsync();
        ParisTime(end.AddDays(-14), 7, 0);
        digests.AddRange(await RunDigestAsync());

        var french = $"Le rattachement de Camille TESTEUR à {structure.CompanyName} prend fin le {Shown(end)}";
        var english = $"The attachment of Camille TESTEUR to {structure.CompanyName} ends on {Shown(end)}";
        Assert.Equal(1, digests.Count(d => d.Email == manager.ContactEmail && d.Text.Contains(french, StringComparison.Ordinal)));
        Assert.Equal(1, digests.Count(d => d.Email == user.ContactEmail && d.Text.Contains(english, StringComparison.Ordinal)));
        Assert.Single((await TracesAsync(user)).Events);
        Assert.Equal(end, await fixture.Host.WithDbAsync(db => db.Memberships.Where(m => m.UserId == user.Id).Select(m => m.EndAnnouncedFor).SingleAsync()));
    }

    private static string Text(MimeMessage message) => (message.TextBody ?? "").Replace("\r\n", "\n", StringComparison.Ordinal);

    private async Task<ExpireMembershipsReport> RunJobAsync()
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MembershipExpiryJob>().RunAsync(CancellationToken.None);
    }

    /// <summary>The digest job's run at the clock's time: the messages the mail server received from it.</summary>
    private async Task<List<(string Email, string Text)>> RunDigestAsync()
    {
        var before = fixture.Smtp.Messages.Select(m => m.MessageId).ToHashSet();
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DigestJob>().RunAsync(CancellationToken.None);
        }

        return [.. fixture.Smtp.Messages.Where(m => !before.Contains(m.MessageId)).Select(m => (m.To.Mailboxes.Single().Address, Text(m)))];
    }

    private Task<MembershipStatus> StatusAsync(Guid id) =>
        fixture.Host.WithDbAsync(db => db.Memberships.Where(m => m.Id == id).Select(m => m.Status).SingleAsync());

    private Task<(List<AuditEntry> Audits, List<NotificationEvent> Events)> TracesAsync(User user) =>
        fixture.Host.WithDbAsync(async db => (
            await db.AuditEntries.AsNoTracking().Where(a => a.UserId == user.Id).ToListAsync(),
            await db.NotificationEvents.AsNoTracking().Where(e => e.RecipientUserId == user.Id).ToListAsync()));
}

/// <summary>A portal on a fake clock, sending its digests to a <see cref="SmtpCatcher"/>.</summary>
public abstract class ValidityPortalFixture : IAsyncLifetime
{
    // Noon in Paris: the tests count Paris days (ParisNoon).
    public FakeTimeProvider Clock { get; } = new(ParisNoon.Next());
    public SmtpCatcher Smtp { get; } = new();
    public PortalHost Host { get; private set; } = default!;

    protected abstract Task<TestDatabase> DatabaseAsync();

    public async Task InitializeAsync() =>
        Host = PortalHost.Start(await DatabaseAsync(), DigestPortalFixture.Settings(Smtp), s => s.AddSingleton<TimeProvider>(Clock));

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Smtp.Dispose();
    }
}

public sealed class SqliteValidityFixture : ValidityPortalFixture
{
    protected override Task<TestDatabase> DatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class PostgreSqlValidityFixture : ValidityPortalFixture
{
    protected override Task<TestDatabase> DatabaseAsync() => TestDatabase.PostgreSqlAsync();
}

public sealed class ValidityDatesTestsOnSqlite(SqliteValidityFixture fixture) : ValidityDatesTests(fixture), IClassFixture<SqliteValidityFixture>;

public sealed class ValidityDatesTestsOnPostgreSql(PostgreSqlValidityFixture fixture) : ValidityDatesTests(fixture), IClassFixture<PostgreSqlValidityFixture>;

/// <summary>« À venir » as the agent reads it, on the shared portals (the real clock: the sign-in checks its tokens' times).</summary>
public abstract class UpcomingMembershipPageTests(PortalHost host)
{
    [Fact]
    public async Task A_membership_that_starts_later_shows_upcoming_on_home_and_my_account_and_opens_no_fiche_structure()
    {
        var structure = await new NotificationWorld(host).StructureAsync();
        var user = await host.CreateUserAsync();
        await host.WithDbAsync(async db =>
        {
            db.Memberships.Add(new Membership
            {
                UserId = user.Id,
                StructureId = structure.Id,
                Status = MembershipStatus.Active,
                StartDate = ParisDate.Today(TimeProvider.System).AddDays(3),
                RequestedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        });
        using var agent = host.NewAgent();
        await agent.SignInAsync(user.Login);

        var home = await agent.GetAsync("/");
        Assert.Contains($"{structure.CompanyName} — Utilisateur simple (À venir)", home.Document.Body!.TextContent, StringComparison.Ordinal);
        var account = await agent.GetAsync("/mon-compte");
        var row = account.Single("tr[id^='membership-']");
        Assert.Contains("À venir", row.TextContent, StringComparison.Ordinal);
        Assert.Empty(row.QuerySelectorAll("a[href*='/structures/']"));
    }

}

[Collection(SqliteCollection.Name)]
public sealed class UpcomingMembershipPageTestsOnSqlite(SqlitePortalFixture fixture) : UpcomingMembershipPageTests(fixture.Host);

[Collection(PostgreSqlCollection.Name)]
public sealed class UpcomingMembershipPageTestsOnPostgreSql(PostgreSqlPortalFixture fixture) : UpcomingMembershipPageTests(fixture.Host);
