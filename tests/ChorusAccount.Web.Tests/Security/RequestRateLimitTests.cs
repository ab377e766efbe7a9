using System.Net;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Structures;
using ChorusAccount.Core.Subscriptions;
using ChorusAccount.Web.Tests.Documents;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Web.Tests.Security;

/// <summary>Rate limits per user, set small through configuration (<see cref="LimitsPortalFixture"/>): the ZIP of the ticked
/// pièces jointes, « Télécharger mes données », and the requests sent to managers (attachment and subscription, one
/// budget). Under the limit it works; over it, the « Trop de requêtes » page (429) in the user's language, nothing written.</summary>
public abstract class RequestRateLimitTests(PortalHost host)
{
    private static readonly int[] _spaces = [.. new[] { "SOLLICITATIONS_EMISES", "SOLLICITATIONS_RECUES", "FACTURES_TRAVAUX" }.Select(SpaceCatalog.IdOf)];

    private async Task<(User User, AgentClient Agent)> SignedInAsync(UserLanguage language = UserLanguage.French)
    {
        var user = await host.CreateUserAsync();
        await host.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Language, language)));
        var agent = host.NewAgent();
        await agent.SignInAsync(user.Login);
        return (user, agent);
    }

    private static void AssertRefused(Page page, string waitText)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, page.Status);
        Assert.Equal("Trop de requêtes", page.Single("h1").ShownText());
        Assert.True(page.Contains(waitText), page.Single("main").ShownText());
    }

    [Fact]
    public async Task The_third_ZIP_of_pieces_jointes_is_refused_with_429_the_first_two_are_served()
    {
        var (_, agent) = await SignedInAsync();
        using var _ = agent;
        Assert.True((await agent.UploadAsync("devis.pdf", DocumentUploads.Pdf, "Devis")).Contains("La pièce jointe a été ajoutée."));
        var id = (await host.WithDbAsync(db => db.Documents.Where(d => d.Designation == "Devis").Select(d => d.Id).ToListAsync())).Last();
        var path = $"/mon-compte/pieces-jointes/zip?ids={id}";

        for (var i = 0; i < 2; i++)
        {
            using var served = await agent.NoRedirect.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal("application/zip", served.Content.Headers.ContentType!.MediaType);
        }

        using var refused = await agent.NoRedirect.GetAsync(path);
        var page = await Page.ReadAsync(refused);

        // 10 minutes in 6 segments: a permit comes back within 100 seconds.
        AssertRefused(page, "Patientez 2 minutes puis recommencez.");
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) is > 60 and <= 100);
    }

    [Fact]
    public async Task The_third_export_of_personal_data_is_refused_with_429_the_first_two_are_served()
    {
        var (_, agent) = await SignedInAsync();
        using var _ = agent;
        for (var i = 0; i < 2; i++)
        {
            using var served = await agent.NoRedirect.GetAsync("/mon-compte/mes-donnees");
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal("application/zip", served.Content.Headers.ContentType!.MediaType);
        }

        AssertRefused(await agent.GetAsync("/mon-compte/mes-donnees"), "Patientez 2 minutes puis recommencez.");
    }

    [Fact]
    public async Task The_third_attachment_request_is_refused_with_429_and_writes_no_request()
    {
        var (user, agent) = await SignedInAsync();
        using var _ = agent;
        var structures = new List<Structure>();
        for (var i = 0; i < 3; i++)
        {
            structures.Add(await host.CreateStructureAsync());
        }

        foreach (var structure in structures.Take(2))
        {
            var sent = await RequestMembershipAsync(agent, structure);
            Assert.Equal(HttpStatusCode.OK, sent.Status);
            Assert.True(sent.Contains("Votre demande de rattachement"), sent.Single("main").ShownText());
        }

        var refused = await RequestMembershipAsync(agent, structures[2]);

        // One hour in 6 segments: a permit comes back within 10 minutes.
        AssertRefused(refused, "Patientez 10 minutes puis recommencez.");
        Assert.Equal(2, await host.WithDbAsync(db => db.Memberships.CountAsync(m => m.UserId == user.Id)));
        Assert.False(await host.WithDbAsync(db => db.Memberships.AnyAsync(m => m.StructureId == structures[2].Id)));
    }

    [Fact]
    public async Task The_third_subscription_request_is_refused_with_429_and_writes_no_request()
    {
        var (user, agent) = await SignedInAsync();
        using var _ = agent;
        var structure = await host.CreateStructureAsync();
        await host.AttachAsync(user, structure);
        var before = await host.WithDbAsync(db => db.Subscriptions.CountAsync(s => s.UserId == user.Id));

        foreach (var space in _spaces[..2])
        {
            var sent = await RequestSubscriptionAsync(agent, structure, space);
            Assert.Equal(HttpStatusCode.OK, sent.Status);
            Assert.True(sent.Contains("Votre demande d'abonnement"), sent.Single("main").ShownText());
        }

        var refused = await RequestSubscriptionAsync(agent, structure, _spaces[2]);

        AssertRefused(refused, "Patientez 10 minutes puis recommencez.");
        Assert.Equal(before + 2, await host.WithDbAsync(db => db.Subscriptions.CountAsync(s => s.UserId == user.Id)));
        Assert.False(await host.WithDbAsync(db => db.Subscriptions.AnyAsync(s => s.UserId == user.Id && s.SpaceId == _spaces[2])));
    }

    [Fact]
    public async Task Attachment_and_subscription_requests_share_one_budget_and_the_refusal_speaks_English_to_an_English_user()
    {
        var (user, agent) = await SignedInAsync(UserLanguage.English);
        using var _ = agent;
        var attached = await host.CreateStructureAsync();
        await host.AttachAsync(user, attached);
        var other = await host.CreateStructureAsync();
        Assert.Equal(HttpStatusCode.OK, (await RequestMembershipAsync(agent, other)).Status);
        Assert.Equal(HttpStatusCode.OK, (await RequestSubscriptionAsync(agent, attached, _spaces[0])).Status);
        var subscriptions = await host.WithDbAsync(db => db.Subscriptions.CountAsync(s => s.UserId == user.Id));

        var refused = await RequestSubscriptionAsync(agent, attached, _spaces[1]);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal("en", refused.Document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Too many requests", refused.Single("h1").ShownText());
        Assert.True(refused.Contains("Wait 10 minutes and try again."), refused.Single("main").ShownText());
        Assert.Equal(subscriptions, await host.WithDbAsync(db => db.Subscriptions.CountAsync(s => s.UserId == user.Id)));
    }

    private static async Task<Page> RequestMembershipAsync(AgentClient agent, Structure structure)
    {
        var form = (await agent.GetAsync($"/mon-compte/rattachements/nouvelle?structureId={structure.Id}"))
            .Form("/mon-compte/rattachements/nouvelle").Set("Request.StartDate", "2026-04-01").Add("Request.ServiceIds", structure.Services[0].Id.ToString());
        return await agent.SubmitAsync(form);
    }

    /// <summary>« Ajouter un abonnement » to a space of the whole structure.</summary>
    private static async Task<Page> RequestSubscriptionAsync(AgentClient agent, Structure structure, int spaceId)
    {
        var page = await agent.GetAsync($"/mon-compte/abonnements/nouveau?chosen=true&structureId={structure.Id}&serviceUnitId=");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return await agent.SubmitAsync(page.Form("/mon-compte/abonnements").Set("Request.SpaceId", spaceId.ToString(System.Globalization.CultureInfo.InvariantCulture)).Set("Request.Mode", "Modification"));
    }
}

public sealed class RequestRateLimitTestsOnSqlite(SqliteLimitsFixture fixture) : RequestRateLimitTests(fixture.Host), IClassFixture<SqliteLimitsFixture>;

public sealed class RequestRateLimitTestsOnPostgreSql(PostgreSqlLimitsFixture fixture) : RequestRateLimitTests(fixture.Host), IClassFixture<PostgreSqlLimitsFixture>;
