using System.Net;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Auditing;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Core.Structures;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Web.Tests.Notifications;

/// <summary>
/// « Recevoir des notifications » governs the decision emails: a manager's decision writes its email in the outbox, the
/// worker sends it (exactly once, in the requester's language), never the manager's request, never the next digest.
/// </summary>
public abstract class DecisionMailTests(DigestPortalFixture fixture)
{
    private readonly NotificationWorld _world = new(fixture);

    private PortalHost Host => fixture.Host;

    /// <summary>A structure, its primary manager, and a pending membership request of a user with these settings.</summary>
    private async Task<(Structure Structure, User Manager, User Requester, Guid RequestId)> RequestAsync(bool notifications, UserLanguage language = UserLanguage.French)
    {
        var structure = await _world.StructureAsync();
        var manager = await _world.UserAsync();
        await _world.AttachAsync(manager, structure, MembershipRole.PrimaryManager);
        var requester = await _world.UserAsync(language, notifications);
        await _world.AttachAsync(requester, structure, status: MembershipStatus.Pending);
        var id = await Host.WithDbAsync(db => db.Memberships.Where(m => m.UserId == requester.Id).Select(m => m.Id).SingleAsync());
        return (structure, manager, requester, id);
    }

    private async Task<Page> DecideAsync(User manager, Guid id, string decision = "Approve", string? reason = null)
    {
        using var agent = Host.NewAgent();
        await agent.SignInAsync(manager.Login);
        var inbox = await agent.GetAsync("/activites-gestionnaire");
        var form = inbox.Form("/activites-gestionnaire/decisions").Add("ids", id.ToString()).Set("decision", decision);
        return await agent.SubmitAsync(reason is null ? form : form.Set("reason", reason));
    }

    /// <summary>
    /// The worker's runs, minute after minute, until this user's outbox is empty: a run on a busy machine may give a row
    /// back unsent when its claim is too old to start (the fixture's lease is two seconds), for the next run to send.
    /// </summary>
    private async Task DeliverAsync(User user)
    {
        for (var run = 0; run < 10 && (await _world.DigestsOfAsync(user)).Any(d => d.Status is DigestStatus.Pending or DigestStatus.Sending); run++)
        {
            await Host.RunOutboxAsync();
        }
    }

    [Fact]
    public async Task Notifications_unticked_no_email_the_decision_is_on_the_page_and_in_the_history()
    {
        var (structure, manager, requester, id) = await RequestAsync(notifications: false);

        var decided = await DecideAsync(manager, id);
        await Host.RunOutboxAsync();
        await _world.RunAsync();

        Assert.True(decided.Contains("Les demandes ont été validées"), decided.Html);
        Assert.Equal(0, fixture.Smtp.CountTo(requester.ContactEmail));
        Assert.Empty(await _world.DigestsOfAsync(requester));
        Assert.Equal(MembershipStatus.Active, await Host.WithDbAsync(db => db.Memberships.Where(m => m.Id == id).Select(m => m.Status).SingleAsync()));
        Assert.Equal(1, await Host.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.UserId == requester.Id && a.Action == DecideMemberships.ApprovedAction)));
        using var agent = Host.NewAgent();
        await agent.SignInAsync(requester.Login);
        var history = await agent.GetAsync("/mon-compte/historique");
        Assert.True(history.Contains(structure.CompanyName), history.Html);
    }

    [Fact]
    public async Task Notifications_ticked_one_email_sent_by_the_worker_in_the_requester_s_language_and_not_in_the_next_digest()
    {
        var (structure, manager, requester, id) = await RequestAsync(notifications: true, UserLanguage.English);

        var decided = await DecideAsync(manager, id, "Refuse", "Unknown to the service");

        Assert.True(decided.Contains("Les demandes ont été refusées"), decided.Html);
        Assert.Equal(0, fixture.Smtp.CountTo(requester.ContactEmail));
        await DeliverAsync(requester);
        var message = Assert.Single(fixture.Smtp.MessagesTo([requester.ContactEmail]));
        Assert.Equal($"Chorus Pro: attachment to {structure.CompanyName} refused", message.Subject);
        Assert.Contains("Reason: Unknown to the service", message.TextBody, StringComparison.Ordinal);
        Assert.Equal("en", message.Body?.Headers["Content-Language"]);
        var outbox = Assert.Single(await _world.DigestsOfAsync(requester));
        Assert.Equal((DigestStatus.Sent, $"decision.{outbox.Id:N}@chorus-pro.example"), (outbox.Status, message.MessageId));

        // The next outbox run and the next daily digest send nothing more.
        await Host.RunOutboxAsync();
        await _world.RunAsync();
        Assert.Equal(1, fixture.Smtp.CountTo(requester.ContactEmail));
        Assert.Single(await _world.DigestsOfAsync(requester));
    }

    [Fact]
    public async Task With_the_mail_server_down_the_decision_answers_and_the_email_goes_once_when_the_server_is_back()
    {
        var (structure, manager, requester, id) = await RequestAsync(notifications: true);
        var refusedBefore = fixture.Smtp.Refused;
        fixture.Smtp.Down();
        try
        {
            var decided = await DecideAsync(manager, id);
            var whileDown = await Host.RunOutboxAsync();

            Assert.Equal(HttpStatusCode.OK, decided.Status);
            Assert.True(decided.Contains("Les demandes ont été validées"), decided.Html);
            Assert.Equal(MembershipStatus.Active, await Host.WithDbAsync(db => db.Memberships.Where(m => m.Id == id).Select(m => m.Status).SingleAsync()));
            Assert.True(fixture.Smtp.Refused > refusedBefore, "the worker tried the server while it was down");
            Assert.Equal((0, 0), (whileDown.Sent, fixture.Smtp.CountTo(requester.ContactEmail)));
            Assert.Equal(DigestStatus.Pending, Assert.Single(await _world.DigestsOfAsync(requester)).Status);
        }
        finally
        {
            fixture.Smtp.Up();
        }

        await DeliverAsync(requester);
        await Host.RunOutboxAsync();

        var message = Assert.Single(fixture.Smtp.MessagesTo([requester.ContactEmail]));
        Assert.Equal($"Chorus Pro : demande de rattachement à {structure.CompanyName} validée", message.Subject);
        Assert.Contains($"Votre demande de rattachement à la structure {structure.CompanyName} a été validée", message.TextBody, StringComparison.Ordinal);
        Assert.Equal(DigestStatus.Sent, Assert.Single(await _world.DigestsOfAsync(requester)).Status);
    }

    [Fact]
    public async Task A_decision_for_a_requester_with_a_poison_address_answers_its_email_fails_for_good_and_the_others_go()
    {
        var (structure, manager, poisoned, poisonedRequest) = await RequestAsync(notifications: true);
        var other = await _world.UserAsync();
        await _world.AttachAsync(other, structure, status: MembershipStatus.Pending);
        var otherRequest = await Host.WithDbAsync(db => db.Memberships.Where(m => m.UserId == other.Id).Select(m => m.Id).SingleAsync());
        // Stored before the rule refused such addresses (an old import): MimeKit cannot address it.
        const string Poison = "x(y@mairie-exemple.fr";
        await Host.WithDbAsync(db => db.Users.Where(u => u.Id == poisoned.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.ContactEmail, Poison)));

        using var agent = Host.NewAgent();
        await agent.SignInAsync(manager.Login);
        var inbox = await agent.GetAsync("/activites-gestionnaire");
        var decided = await agent.SubmitAsync(inbox.Form("/activites-gestionnaire/decisions")
            .Add("ids", poisonedRequest.ToString()).Add("ids", otherRequest.ToString()).Set("decision", "Approve"));
        Assert.Equal(HttpStatusCode.OK, decided.Status);
        Assert.True(decided.Contains("Les demandes ont été validées"), decided.Html);

        await DeliverAsync(poisoned);
        await DeliverAsync(other);

        Assert.Single(fixture.Smtp.MessagesTo([other.ContactEmail]));
        Assert.Equal(DigestStatus.Sent, Assert.Single(await _world.DigestsOfAsync(other)).Status);
        var failed = Assert.Single(await _world.DigestsOfAsync(poisoned));
        Assert.Equal(
            (DigestStatus.Failed, Poison, Web.Mail.UnusableAddressException.Reason, 0),
            (failed.Status, failed.Recipient, failed.LastError, failed.Attempts));

        // Never taken again: the next runs leave it as it is.
        var next = await Host.RunOutboxAsync();
        Assert.Equal(0, next.Failed);
        var after = Assert.Single(await _world.DigestsOfAsync(poisoned));
        Assert.Equal((DigestStatus.Failed, 0, failed.NextAttemptAt), (after.Status, after.Attempts, after.NextAttemptAt));
        Assert.Equal(1, fixture.Smtp.CountTo(other.ContactEmail));
    }

    [Fact]
    public void The_outbox_worker_runs_every_minute_by_default()
    {
        Assert.Equal("* * * * *", new Web.Configuration.JobsOptions().OutboxCron);
    }
}

[Collection(SqliteDigestCollection.Name)]
public sealed class DecisionMailTestsOnSqlite(SqliteDigestFixture fixture) : DecisionMailTests(fixture);

[Collection(PostgreSqlDigestCollection.Name)]
public sealed class DecisionMailTestsOnPostgreSql(PostgreSqlDigestFixture fixture) : DecisionMailTests(fixture);
