using System.Net;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Core.Structures;
using ChorusAccount.Core.Subscriptions;
using ChorusAccount.Web.Jobs;
using ChorusAccount.Web.Mail;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChorusAccount.Web.Tests.Memberships;

/// <summary>
/// Pending requests reach the managers who decide them, on a portal with a fake clock: told at once when nobody can
/// decide, reminders after 7 days (once per period), expiry after 30 with the requester's notice, « Retirer la demande »,
/// and a manager of some services deciding for those services only.
/// </summary>
public abstract class RequestRoutingTests(RoutingPortalFixture fixture)
{
    private static readonly int _worksInvoices = SpaceCatalog.IdOf("FACTURES_TRAVAUX");

    private PortalHost Host => fixture.Host;
    private FakeTimeProvider Clock => fixture.Clock;

    private async Task<AgentClient> SignedInAsync(User user)
    {
        var agent = Host.NewAgent();
        await agent.SignInAsync(user.Login);
        return agent;
    }

    /// <summary>A membership of the user, written straight: the whole structure, or the services named by their codes.</summary>
    private Task<Guid> AttachAsync(User user, Structure structure, MembershipRole role = MembershipRole.Member, MembershipStatus status = MembershipStatus.Active, params string[] codes) =>
        Host.WithDbAsync(async db =>
        {
            var membership = new Membership
            {
                UserId = user.Id,
                StructureId = structure.Id,
                Role = role,
                Status = status,
                WholeStructure = codes.Length == 0,
                StartDate = new DateOnly(2025, 1, 1),
                RequestedAt = Clock.GetUtcNow().UtcDateTime,
                Services = [.. structure.Services.Where(s => codes.Contains(s.Code)).Select(s => new MembershipService { ServiceUnitId = s.Id })],
            };
            db.Memberships.Add(membership);
            await db.SaveChangesAsync();
            return membership.Id;
        });

    private Task<Guid> PendingSubscriptionAsync(User user, Structure structure, string? code) =>
        Host.WithDbAsync(async db =>
        {
            var subscription = new Subscription
            {
                UserId = user.Id,
                StructureId = structure.Id,
                ServiceUnitId = code is null ? null : structure.Services.Single(s => s.Code == code).Id,
                SpaceId = _worksInvoices,
                Mode = SubscriptionMode.Consultation,
                Status = SubscriptionStatus.Pending,
                RequestedAt = Clock.GetUtcNow().UtcDateTime,
            };
            db.Subscriptions.Add(subscription);
            await db.SaveChangesAsync();
            return subscription.Id;
        });

    private static async Task<Page> RequestMembershipAsync(AgentClient agent, Structure structure, params string[] codes)
    {
        var form = await agent.GetAsync($"/mon-compte/rattachements/nouvelle?structureId={structure.Id}");
        var post = form.Form("/mon-compte/rattachements/nouvelle").Set("Request.StartDate", "2026-04-01");
        if (codes.Length == 0)
        {
            post.Set("Request.WholeStructure", "true");
        }

        foreach (var code in codes)
        {
            post.Add("Request.ServiceIds", structure.Services.Single(s => s.Code == code).Id.ToString());
        }

        return await agent.SubmitAsync(post);
    }

    private static async Task<Page> RequestSubscriptionAsync(AgentClient agent, Structure structure, Guid? serviceId)
    {
        var page = await agent.GetAsync($"/mon-compte/abonnements/nouveau?chosen=true&structureId={structure.Id}&serviceUnitId={serviceId}");
        return await agent.SubmitAsync(page.Form("/mon-compte/abonnements").Set("Request.SpaceId", _worksInvoices.ToString()).Set("Request.Mode", "Consultation"));
    }

    private async Task<FollowUpReport> FollowUpAsync()
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PendingRequestsJob>().RunAsync(CancellationToken.None);
    }

    private Task<List<NotificationEvent>> EventsOfAsync(User user) =>
        Host.WithDbAsync(db => db.NotificationEvents.AsNoTracking().Where(e => e.RecipientUserId == user.Id).OrderBy(e => e.CreatedAt).ToListAsync());

    /// <summary>
    /// The text of the user's digest of the day, sent by the digest job a few minutes later (past its settle delay) to
    /// the portal's mail folder; null when the run sent the user none.
    /// </summary>
    private async Task<string?> DigestAsync(User user)
    {
        Clock.Advance(TimeSpan.FromMinutes(5));
        string[] Mails() => Directory.Exists(Host.MailFolder) ? Directory.GetFiles(Host.MailFolder, "*.eml") : [];
        var before = Mails().ToHashSet();
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DigestJob>().RunAsync(CancellationToken.None);
        }

        var sent = Mails().Where(f => !before.Contains(f))
            .Select(f => MimeKit.MimeMessage.Load(f))
            .Where(m => m.To.Mailboxes.Any(a => a.Address == user.ContactEmail))
            .ToList();
        return sent.Count == 0 ? null : Assert.Single(sent).TextBody;
    }

    [Fact]
    public async Task A_request_nobody_can_decide_is_answered_at_once_and_operators_find_its_structure()
    {
        var orphan = await Host.CreateStructureAsync();
        var managed = await Host.CreateStructureAsync();
        var serviceManager = await Host.CreateUserAsync();
        await AttachAsync(serviceManager, managed, MembershipRole.SecondaryManager, codes: "SERV-A");
        var wholeManager = await Host.CreateUserAsync();
        var elsewhere = await Host.CreateStructureAsync();
        await AttachAsync(wholeManager, elsewhere, MembershipRole.PrimaryManager);
        var requester = await Host.CreateUserAsync();
        await AttachAsync(requester, managed, codes: "SERV-B");
        using var agent = await SignedInAsync(requester);

        var toOrphan = await RequestMembershipAsync(agent, orphan);
        var toServiceB = await RequestSubscriptionAsync(agent, managed, managed.Services.Single(s => s.Code == "SERV-B").Id);
        var toElsewhere = await RequestMembershipAsync(agent, elsewhere, "SERV-C");

        Assert.Equal("/mon-compte", toOrphan.Uri.AbsolutePath);
        Assert.True(toOrphan.Single("div.fr-alert--warning").ShownText().StartsWith("Votre demande de rattachement est enregistrée, mais aucun gestionnaire ne peut la traiter pour le moment", StringComparison.Ordinal), toOrphan.Html);
        Assert.False(toOrphan.Has("div.fr-alert--success"));
        Assert.True(toServiceB.Single("div.fr-alert--warning").ShownText().StartsWith("Votre demande d'abonnement est enregistrée, mais aucun gestionnaire ne peut la traiter", StringComparison.Ordinal), toServiceB.Html);
        Assert.True(toElsewhere.Contains("Votre demande de rattachement a été envoyée aux gestionnaires de la structure."), toElsewhere.Html);
        Assert.False(toElsewhere.Has("div.fr-alert--warning"));
        // The manager of SERV-A hears of nothing; the manager of the other structure of its request there.
        Assert.Empty(await EventsOfAsync(serviceManager));
        Assert.Equal([NotificationEventKind.PendingRequest], (await EventsOfAsync(wholeManager)).Select(e => e.Kind));

        var @operator = await Host.OperatorAsync();
        using var operatorAgent = await SignedInAsync(@operator);
        var list = await operatorAgent.GetAsync("/ops/demandes-sans-gestionnaire");
        var rows = list.FindAll("#requests-without-decider tbody tr").Select(r => r.ShownText()).ToList();
        Assert.Contains(rows, r => r.Contains(orphan.CompanyName, StringComparison.Ordinal) && r.Contains(requester.Login, StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains(managed.CompanyName, StringComparison.Ordinal) && r.Contains("Factures de travaux", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.Contains(elsewhere.CompanyName, StringComparison.Ordinal));

        await Host.WithDbAsync(db => db.Users.Where(u => u.Id == requester.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Language, UserLanguage.English)));
        using var inEnglish = await SignedInAsync(requester);
        var again = await RequestMembershipAsync(inEnglish, await Host.CreateStructureAsync());
        Assert.True(again.Single("div.fr-alert--warning").ShownText().StartsWith("Your attachment request is recorded, but no manager can handle it for now", StringComparison.Ordinal), again.Html);
    }

    [Fact]
    public async Task A_pending_request_comes_back_to_its_deciders_once_a_week_then_expires_and_the_requester_is_told()
    {
        var structure = await Host.CreateStructureAsync();
        var manager = await Host.CreateUserAsync();
        await AttachAsync(manager, structure, MembershipRole.PrimaryManager);
        var serviceManager = await Host.CreateUserAsync();
        await AttachAsync(serviceManager, structure, MembershipRole.SecondaryManager, codes: "SERV-A");
        var requester = await Host.CreateUserAsync();
        using (var agent = await SignedInAsync(requester))
        {
            Assert.True((await RequestMembershipAsync(agent, structure)).Contains("Votre demande de rattachement a été envoyée aux gestionnaires de la structure."));
        }

        var id = await Host.WithDbAsync(db => db.Memberships.Where(m => m.UserId == requester.Id).Select(m => m.Id).SingleAsync());
        var reminders = async (User user) => (await EventsOfAsync(user)).Count(e => e.Kind == NotificationEventKind.PendingReminder);

        Clock.Advance(TimeSpan.FromDays(6));
        await FollowUpAsync();
        Assert.Equal(0, await reminders(manager));

        Clock.Advance(TimeSpan.FromDays(1));
        await FollowUpAsync();
        await FollowUpAsync();
        Assert.Equal(1, await reminders(manager));
        // A whole-structure request is not for the manager of SERV-A.
        Assert.Equal(0, await reminders(serviceManager));
        var digest = await DigestAsync(manager);
        Assert.NotNull(digest);
        Assert.Contains("Rappel : demandes de rattachement toujours en attente de votre validation (1)", digest, StringComparison.Ordinal);

        Clock.Advance(TimeSpan.FromDays(1));
        await FollowUpAsync();
        Assert.Equal(1, await reminders(manager));
        Clock.Advance(TimeSpan.FromDays(6));
        await FollowUpAsync();
        Assert.Equal(2, await reminders(manager));

        Clock.Advance(TimeSpan.FromDays(15));
        await FollowUpAsync();
        Assert.Equal(MembershipStatus.Pending, await Host.WithDbAsync(db => db.Memberships.Where(m => m.Id == id).Select(m => m.Status).SingleAsync()));
        Assert.Equal(3, await reminders(manager));
        Clock.Advance(TimeSpan.FromDays(1));
        await FollowUpAsync();
        await FollowUpAsync();

        Assert.Equal(MembershipStatus.Expired, await Host.WithDbAsync(db => db.Memberships.Where(m => m.Id == id).Select(m => m.Status).SingleAsync()));
        var expired = Assert.Single(await EventsOfAsync(requester), e => e.Kind == NotificationEventKind.RequestExpired);
        Assert.Equal((structure.Id, FollowUpPendingRequests.MembershipCode), (expired.StructureId!.Value, expired.StatusCode));
        Assert.Equal(3, await reminders(manager));
        var notice = await DigestAsync(requester);
        Assert.NotNull(notice);
        Assert.Contains("Demandes de rattachement expirées sans décision (1)", notice, StringComparison.Ordinal);
        using var requesterAgent = await SignedInAsync(requester);
        var account = await requesterAgent.GetAsync("/mon-compte");
        Assert.Equal("Expirée", account.Single($"#membership-{id:N} p.fr-badge").ShownText());
        var history = await requesterAgent.GetAsync("/mon-compte/historique");
        Assert.True(history.Contains("Demande de rattachement expirée sans décision"), history.Html);
        using var managerAgent = await SignedInAsync(manager);
        Assert.False((await managerAgent.GetAsync("/activites-gestionnaire")).Has($"#request-{id:N}"));
    }

    [Fact]
    public async Task A_pending_subscription_request_expires_too_and_its_requester_is_told()
    {
        var structure = await Host.CreateStructureAsync();
        var manager = await Host.CreateUserAsync();
        await AttachAsync(manager, structure, MembershipRole.PrimaryManager);
        var requester = await Host.CreateUserAsync();
        await AttachAsync(requester, structure);
        var id = await PendingSubscriptionAsync(requester, structure, null);

        Clock.Advance(TimeSpan.FromDays(30));
        await FollowUpAsync();

        Assert.Equal(SubscriptionStatus.Expired, await Host.WithDbAsync(db => db.Subscriptions.Where(s => s.Id == id).Select(s => s.Status).SingleAsync()));
        Assert.Equal(FollowUpPendingRequests.SubscriptionCode, Assert.Single(await EventsOfAsync(requester), e => e.Kind == NotificationEventKind.RequestExpired).StatusCode);
        using var agent = await SignedInAsync(requester);
        Assert.True((await agent.GetAsync("/mon-compte")).Single($"#subscription-{id:D}").ShownText().Contains("Expirée", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_requester_withdraws_its_own_pending_request_and_nobody_else_can()
    {
        var structure = await Host.CreateStructureAsync();
        var requester = await Host.CreateUserAsync();
        await AttachAsync(requester, structure, codes: "SERV-A");
        using var agent = await SignedInAsync(requester);
        await RequestMembershipAsync(agent, structure, "SERV-B");
        var membershipId = await Host.WithDbAsync(db => db.Memberships.Where(m => m.UserId == requester.Id && m.Status == MembershipStatus.Pending).Select(m => m.Id).SingleAsync());
        var subscriptionId = await PendingSubscriptionAsync(requester, structure, "SERV-A");
        var intruder = await Host.CreateUserAsync();
        using var intruderAgent = await SignedInAsync(intruder);
        var intruderToken = (await intruderAgent.GetAsync("/mon-compte")).Form("/mon-compte");

        var account = await agent.GetAsync("/mon-compte");
        Assert.Equal("Retirer la demande", account.Single($"#membership-{membershipId:N} a[href$='#withdraw']").ShownText());
        Assert.Equal("Retirer la demande", account.Single($"#subscription-{subscriptionId:D} a[href='/mon-compte/abonnements/retirer?id={subscriptionId}']").ShownText());
        var foreignMembership = await intruderAgent.SubmitAsync(intruderToken.PostTo("/mon-compte/rattachements/retirer").Set("id", membershipId.ToString()));
        var foreignSubscription = await intruderAgent.SubmitAsync(intruderToken.PostTo("/mon-compte/abonnements/retirer").Set("id", subscriptionId.ToString()));
        using var foreignPage = await intruderAgent.NoRedirect.GetAsync($"/mon-compte/abonnements/retirer?id={subscriptionId}");
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (foreignMembership.Status, foreignSubscription.Status, foreignPage.StatusCode));

        var consult = await agent.GetAsync($"/mon-compte/rattachements/{membershipId}");
        Assert.Equal("Retirer la demande", consult.Single("#withdraw-request").ShownText());
        var withdrawn = await agent.SubmitAsync(consult.Form("/mon-compte/rattachements/retirer"));
        var page = await agent.GetAsync($"/mon-compte/abonnements/retirer?id={subscriptionId}");
        var subscriptionWithdrawn = await agent.SubmitAsync(page.Form("/mon-compte/abonnements/retirer"));

        Assert.True(withdrawn.Contains("Votre demande de rattachement a été retirée."), withdrawn.Html);
        Assert.True(subscriptionWithdrawn.Contains("Votre demande d'abonnement a été retirée."), subscriptionWithdrawn.Html);
        Assert.False(await Host.WithDbAsync(db => db.Memberships.AnyAsync(m => m.Id == membershipId)));
        Assert.False(await Host.WithDbAsync(db => db.Subscriptions.AnyAsync(s => s.Id == subscriptionId)));
        var actions = await Host.WithDbAsync(db => db.AuditEntries.Where(a => a.UserId == requester.Id).Select(a => a.Action).ToListAsync());
        Assert.Contains(WithdrawRequest.MembershipAction, actions);
        Assert.Contains(WithdrawRequest.SubscriptionAction, actions);
        // The active membership is no request: there is nothing to withdraw.
        var active = await Host.WithDbAsync(db => db.Memberships.Where(m => m.UserId == requester.Id).Select(m => m.Id).SingleAsync());
        Assert.False((await agent.GetAsync($"/mon-compte/rattachements/{active}")).Has("#withdraw-request"));
        var again = await agent.SubmitAsync(consult.Form("/mon-compte/rattachements/retirer").Set("id", active.ToString()));
        Assert.Equal(HttpStatusCode.NotFound, again.Status);
        Assert.Equal(MembershipStatus.Active, await Host.WithDbAsync(db => db.Memberships.Where(m => m.Id == active).Select(m => m.Status).SingleAsync()));
        var english = await Host.CreateUserAsync();
        await Host.WithDbAsync(db => db.Users.Where(u => u.Id == english.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Language, UserLanguage.English)));
        await AttachAsync(english, structure, status: MembershipStatus.Pending);
        using var englishAgent = await SignedInAsync(english);
        Assert.True((await englishAgent.GetAsync("/mon-compte")).Contains("Withdraw the request"));
    }

    [Fact]
    public async Task A_manager_of_one_service_neither_sees_nor_decides_a_whole_structure_request_or_another_services_request()
    {
        var structure = await Host.CreateStructureAsync();
        var wholeManager = await Host.CreateUserAsync();
        await AttachAsync(wholeManager, structure, MembershipRole.PrimaryManager);
        var serviceManager = await Host.CreateUserAsync();
        await AttachAsync(serviceManager, structure, MembershipRole.SecondaryManager, codes: "SERV-A");
        var requester = await Host.CreateUserAsync();
        var other = await Host.CreateUserAsync();
        var forWhole = await AttachAsync(requester, structure, status: MembershipStatus.Pending);
        var forB = await AttachAsync(other, structure, status: MembershipStatus.Pending, codes: "SERV-B");
        var forAandB = await AttachAsync(await Host.CreateUserAsync(), structure, status: MembershipStatus.Pending, codes: ["SERV-A", "SERV-B"]);
        var subscriber = await Host.CreateUserAsync();
        await AttachAsync(subscriber, structure);
        var subscriptionForWhole = await PendingSubscriptionAsync(subscriber, structure, null);
        var subscriptionForB = await PendingSubscriptionAsync(subscriber, structure, "SERV-B");
        var subscriptionForA = await PendingSubscriptionAsync(subscriber, structure, "SERV-A");
        var forA = await AttachAsync(await Host.CreateUserAsync(), structure, status: MembershipStatus.Pending, codes: "SERV-A");
        using var agent = await SignedInAsync(serviceManager);
        using var whole = await SignedInAsync(wholeManager);

        var page = await agent.GetAsync("/activites-gestionnaire");
        var all = await whole.GetAsync("/activites-gestionnaire");

        Assert.True(page.Has($"#request-{forA:N}") && page.Has($"#subscription-request-{subscriptionForA:N}"), page.Html);
        foreach (var hidden in new[] { forWhole, forB, forAandB })
        {
            Assert.False(page.Has($"#request-{hidden:N}"), $"the manager of SERV-A sees request {hidden}");
            Assert.True(all.Has($"#request-{hidden:N}"), $"the whole-structure manager does not see request {hidden}");
        }

        Assert.False(page.Has($"#subscription-request-{subscriptionForWhole:N}") || page.Has($"#subscription-request-{subscriptionForB:N}"));
        Assert.True(all.Has($"#subscription-request-{subscriptionForWhole:N}") && all.Has($"#subscription-request-{subscriptionForB:N}"));
        var users = page.FindAll($"section[aria-labelledby='users-{structure.Id:N}'] tbody tr").Select(r => r.ShownText()).ToList();
        Assert.Contains(users, r => r.Contains(serviceManager.Login, StringComparison.Ordinal) && r.Contains($"Des services : Service A {structure.CompanyName[^8..]}", StringComparison.Ordinal));
        Assert.Contains(users, r => r.Contains(wholeManager.Login, StringComparison.Ordinal) && r.Contains("De toute la structure", StringComparison.Ordinal));
        Assert.Contains(users, r => r.Contains(subscriber.Login, StringComparison.Ordinal) && r.EndsWith('—'));

        var form = page.Form("/activites-gestionnaire/decisions");
        foreach (var id in new[] { forWhole, forB, forAandB })
        {
            var decided = await agent.SubmitAsync(page.Form("/activites-gestionnaire/decisions").Add("ids", id.ToString()).Set("decision", "Approve"));
            Assert.Equal(HttpStatusCode.NotFound, decided.Status);
        }

        foreach (var id in new[] { subscriptionForWhole, subscriptionForB })
        {
            var decided = await agent.SubmitAsync(page.Form("/activites-gestionnaire/abonnements/decisions").Add("ids", id.ToString()).Set("decision", "Approve"));
            Assert.Equal(HttpStatusCode.NotFound, decided.Status);
        }

        var approved = await agent.SubmitAsync(form.Add("ids", forA.ToString()).Set("decision", "Approve"));
        Assert.True(approved.Contains("Les demandes ont été validées"), approved.Html);
        var statuses = await Host.WithDbAsync(db => db.Memberships.Where(m => new[] { forWhole, forB, forAandB, forA }.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Status));
        Assert.Equal([MembershipStatus.Pending, MembershipStatus.Pending, MembershipStatus.Pending, MembershipStatus.Active], new[] { forWhole, forB, forAandB, forA }.Select(id => statuses[id]));
        Assert.Equal(3, await Host.WithDbAsync(db => db.Subscriptions.CountAsync(s => s.UserId == subscriber.Id && s.Status == SubscriptionStatus.Pending)));
    }
}

/// <summary>A portal of its own whose clock the tests move (days pass between a request and its follow-up).</summary>
public abstract class RoutingPortalFixture : IAsyncLifetime
{
    // Noon in Paris: the tests count Paris days (ParisNoon).
    public FakeTimeProvider Clock { get; } = new(ParisNoon.Next());
    public PortalHost Host { get; private set; } = default!;

    protected abstract Task<TestDatabase> DatabaseAsync();

    public async Task InitializeAsync() =>
        Host = PortalHost.Start(await DatabaseAsync(), services: s => s.AddSingleton<TimeProvider>(Clock));

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class SqliteRoutingFixture : RoutingPortalFixture
{
    protected override Task<TestDatabase> DatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class PostgreSqlRoutingFixture : RoutingPortalFixture
{
    protected override Task<TestDatabase> DatabaseAsync() => TestDatabase.PostgreSqlAsync();
}

public sealed class RequestRoutingTestsOnSqlite(SqliteRoutingFixture fixture) : RequestRoutingTests(fixture), IClassFixture<SqliteRoutingFixture>;

public sealed class RequestRoutingTestsOnPostgreSql(PostgreSqlRoutingFixture fixture) : RequestRoutingTests(fixture), IClassFixture<PostgreSqlRoutingFixture>;
