using System.Net;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Web.Tests.Notifications;

/// <summary>The portal's counters of invoice events and outbox messages, as an operator reads them at `/metrics`.</summary>
public abstract class NotificationMetricsTests(DigestPortalFixture fixture)
{
    private const string Events = "chorus_invoice_events_received_total";
    private const string Sent = "chorus_mails_sent_total";
    private const string Failed = "chorus_mails_failed_total";

    private readonly NotificationWorld _world = new(fixture);

    private PortalHost Host => fixture.Host;

    private async Task<Func<Task<MetricsScrape>>> OperatorScrapeAsync()
    {
        var agent = Host.NewAgent();
        await agent.SignInAsync((await Host.OperatorAsync()).Login);
        return () => MetricsScrape.ReadAsync(agent.Http);
    }

    [Fact]
    public async Task Invoice_events_are_counted_recorded_duplicate_or_refused()
    {
        var scrape = await OperatorScrapeAsync();
        var structure = await _world.StructureAsync();
        var first = NotificationWorld.Event(structure);
        var unknown = NotificationWorld.Event(structure);
        unknown["structureIdentifier"] = "00000000000000";
        var before = await scrape();

        await _world.PostOkAsync(first, NotificationWorld.Event(structure));
        await _world.PostOkAsync(first);
        using var refused = await _world.PostAsync(new[] { NotificationWorld.Event(structure), unknown });
        var after = await MetricsScrape.ReadUntilAsync(scrape, s => Delta(s, ("outcome", "refused")) > 0);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal((2, 1, 2), (Delta(after, ("outcome", "recorded")), Delta(after, ("outcome", "duplicate")), Delta(after, ("outcome", "refused"))));

        int Delta(MetricsScrape s, (string, string) outcome) => (int)(s.Value(Events, outcome) - before.Value(Events, outcome));
    }

    [Fact]
    public async Task Decision_emails_and_digests_are_counted_sent_or_failed_by_kind()
    {
        var scrape = await OperatorScrapeAsync();
        var structure = await _world.StructureAsync();
        var manager = await _world.UserAsync();
        await _world.AttachAsync(manager, structure, MembershipRole.PrimaryManager);
        var (requester, poisoned) = (await _world.UserAsync(), await _world.UserAsync());
        await _world.AttachAsync(requester, structure, status: MembershipStatus.Pending);
        await _world.AttachAsync(poisoned, structure, status: MembershipStatus.Pending);
        // Stored before the rule refused such addresses (an old import): MimeKit cannot address it, its email fails for good.
        await Host.WithDbAsync(db => db.Users.Where(u => u.Id == poisoned.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.ContactEmail, "x(y@mairie-exemple.fr")));
        var requests = await Host.WithDbAsync(db => db.Memberships.Where(m => m.UserId == requester.Id || m.UserId == poisoned.Id).Select(m => m.Id).ToListAsync());
        var before = await scrape();

        using (var agent = Host.NewAgent())
        {
            await agent.SignInAsync(manager.Login);
            var form = (await agent.GetAsync("/activites-gestionnaire")).Form("/activites-gestionnaire/decisions").Set("decision", "Approve");
            requests.ForEach(id => form.Add("ids", id.ToString()));
            Assert.True((await agent.SubmitAsync(form)).Contains("Les demandes ont été validées"));
        }

        for (var run = 0; run < 10 && (await _world.DigestsOfAsync(requester, poisoned)).Any(d => d.Status is DigestStatus.Pending or DigestStatus.Sending); run++)
        {
            await Host.RunOutboxAsync();
        }

        var decisions = await _world.DigestsOfAsync(requester, poisoned);
        await _world.PortalEventAsync(requester, structure, NotificationEventKind.PendingRequest, null);
        await _world.PortalEventAsync(poisoned, structure, NotificationEventKind.PendingRequest, null);
        var daily = await _world.RunAsync();
        var after = await MetricsScrape.ReadUntilAsync(scrape, s => Delta(s, Failed, "digest") >= daily.Failed && Delta(s, Sent, "digest") >= daily.Sent);

        Assert.Equal(
            [(requester.Id, DigestStatus.Sent), (poisoned.Id, DigestStatus.Failed)],
            decisions.OrderBy(d => d.UserId != requester.Id).Select(d => (d.UserId, d.Status)));
        Assert.Equal((1, 1), (Delta(after, Sent, "decision"), Delta(after, Failed, "decision")));
        // The day's digests: the requester's sent, the poisoned one's failed (and whatever other tests left to send).
        var digests = (await _world.DigestsOfAsync(requester, poisoned)).Where(d => d.EventId is null).ToList();
        Assert.Equal([DigestStatus.Sent, DigestStatus.Failed], digests.OrderBy(d => d.UserId != requester.Id).Select(d => d.Status));
        Assert.Equal((daily.Sent, daily.Failed), (Delta(after, Sent, "digest"), Delta(after, Failed, "digest")));
        Assert.Equal(0, Delta(after, Sent, "email-change") + Delta(after, Failed, "email-change"));

        int Delta(MetricsScrape s, string name, string kind) => (int)(s.Value(name, ("kind", kind)) - before.Value(name, ("kind", kind)));
    }
}

[Collection(SqliteDigestCollection.Name)]
public sealed class NotificationMetricsTestsOnSqlite(SqliteDigestFixture fixture) : NotificationMetricsTests(fixture);

[Collection(PostgreSqlDigestCollection.Name)]
public sealed class NotificationMetricsTestsOnPostgreSql(PostgreSqlDigestFixture fixture) : NotificationMetricsTests(fixture);
