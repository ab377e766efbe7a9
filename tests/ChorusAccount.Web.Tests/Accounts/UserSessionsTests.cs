using System.Net;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Web.Authentication;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Web.Tests.Accounts;

/// <summary>
/// Sessions ended on the server: « Se déconnecter » kills every copy of the cookie, and « Mes sessions » lists the
/// sessions in force and ends one or all the others — never another user's, never the current one.
/// </summary>
public abstract class UserSessionsTests(PortalHost host)
{
    private const string Firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
    private const string Chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    private async Task<AgentClient> SignedInAsync(User user, string userAgent = Firefox)
    {
        var agent = host.NewAgent();
        agent.Http.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        agent.NoRedirect.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        await agent.SignInAsync(user.Login);
        return agent;
    }

    private static List<Cookie> SessionCookies(AgentClient agent) =>
        [.. agent.Cookies.GetAllCookies().Where(c => c.Name.StartsWith(AuthenticationSetup.SessionCookieName, StringComparison.Ordinal))];

    /// <summary>The agent's next page: sent to the PIGP's sign-in (the OpenID Connect challenge), or answered.</summary>
    private async Task AssertSentToThePigpAsync(AgentClient agent, string because)
    {
        using var response = await agent.NoRedirect.GetAsync("/mon-compte");
        PigpAssert.SentToThePigp(host, response, because);
    }

    private static async Task AssertSignedInAsync(AgentClient agent, string because)
    {
        using var response = await agent.NoRedirect.GetAsync("/mon-compte");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{because}: answered {(int)response.StatusCode}");
    }

    private Task<List<Guid>> SessionIdsAsync(User user) =>
        host.WithDbAsync(db => db.UserSessions.Where(s => s.UserId == user.Id).Select(s => s.Id).ToListAsync());

    [Fact]
    public async Task A_cookie_replayed_after_sign_out_is_sent_to_the_PIGP()
    {
        var user = await host.CreateUserAsync();
        using var agent = await SignedInAsync(user);
        var home = await agent.GetAsync("/");
        // Copied before « Se déconnecter » (a shared computer, a stolen copy): a valid cookie, revalidated a moment ago.
        var copied = SessionCookies(agent);
        Assert.NotEmpty(copied);

        var signedOut = await agent.SubmitAsync(home.Form("/deconnexion"));
        Assert.Equal("/deconnecte", signedOut.Uri.AbsolutePath);

        using var replay = host.NewAgent();
        foreach (var cookie in copied)
        {
            replay.Cookies.Add(host.BaseAddress, new Cookie(cookie.Name, cookie.Value, "/") { Secure = true, HttpOnly = true });
        }

        await AssertSentToThePigpAsync(replay, "the cookie copied before « Se déconnecter »");
        Assert.Empty(await SessionIdsAsync(user));
    }

    [Fact]
    public async Task My_sessions_lists_each_session_with_its_browser_system_address_and_times_the_current_one_marked()
    {
        var user = await host.CreateUserAsync();
        using var firefox = await SignedInAsync(user, Firefox);
        using var chrome = await SignedInAsync(user, Chrome);

        var page = await firefox.GetAsync("/mon-compte/sessions");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Mes sessions", page.Single("h1").TextContent.Trim());
        var rows = page.FindAll("#user-sessions tbody tr");
        Assert.Equal(2, rows.Count);
        var current = Assert.Single(rows, r => r.TextContent.Contains("Cette session", StringComparison.Ordinal));
        Assert.Contains("Firefox 133 sur Windows", current.TextContent, StringComparison.Ordinal);
        Assert.Contains("127.0.0.x", current.TextContent, StringComparison.Ordinal);
        Assert.Null(current.QuerySelector("form"));
        var other = Assert.Single(rows, r => r != current);
        Assert.Contains("Chrome 131 sur Linux", other.TextContent, StringComparison.Ordinal);
        Assert.Contains("Mettre fin à cette session", other.QuerySelector("form button")!.TextContent, StringComparison.Ordinal);
        Assert.True(page.Has("#end-other-sessions"));
        // The user agent itself is never shown, only what is read from it.
        Assert.False(page.Contains("Gecko"));
        // Reached from « Mon compte ».
        Assert.Equal("/mon-compte/sessions", (await firefox.GetAsync("/mon-compte")).Single("#user-sessions-link").GetAttribute("href"));
    }

    [Fact]
    public async Task Ending_another_session_sends_it_to_the_PIGP_and_leaves_this_one()
    {
        var user = await host.CreateUserAsync();
        using var first = await SignedInAsync(user, Firefox);
        using var second = await SignedInAsync(user, Chrome);
        var page = await first.GetAsync("/mon-compte/sessions");

        var ended = await first.SubmitAsync(page.Form("/mon-compte/sessions/mettre-fin"));

        Assert.Equal((HttpStatusCode.OK, "/mon-compte/sessions"), (ended.Status, ended.Uri.AbsolutePath));
        Assert.Equal("La session a pris fin : son navigateur devra se connecter de nouveau.", ended.Single("main .fr-alert--success").TextContent.Trim());
        Assert.Single(ended.FindAll("#user-sessions tbody tr"));
        Assert.True(ended.Has("#no-other-session"));
        await AssertSentToThePigpAsync(second, "the session ended from « Mes sessions »");
        await AssertSignedInAsync(first, "the session that ended the other");
    }

    [Fact]
    public async Task Ending_all_other_sessions_sends_each_to_the_PIGP_and_leaves_this_one_and_other_users()
    {
        var user = await host.CreateUserAsync();
        var neighbour = await host.CreateUserAsync();
        using var first = await SignedInAsync(user);
        using var second = await SignedInAsync(user, Chrome);
        using var third = await SignedInAsync(user);
        using var other = await SignedInAsync(neighbour);
        var page = await first.GetAsync("/mon-compte/sessions");
        Assert.Equal(3, page.FindAll("#user-sessions tbody tr").Count);

        var ended = await first.SubmitAsync(page.Form("/mon-compte/sessions/mettre-fin-aux-autres"));

        Assert.Equal("Toutes les autres sessions ont pris fin : leurs navigateurs devront se connecter de nouveau.", ended.Single("main .fr-alert--success").TextContent.Trim());
        await AssertSentToThePigpAsync(second, "the second session");
        await AssertSentToThePigpAsync(third, "the third session");
        await AssertSignedInAsync(first, "the session that ended the others");
        await AssertSignedInAsync(other, "another user's session");
        Assert.Single(await SessionIdsAsync(user));
    }

    [Fact]
    public async Task Another_user_s_session_or_the_current_one_cannot_be_ended_from_the_list()
    {
        var user = await host.CreateUserAsync();
        var neighbour = await host.CreateUserAsync();
        using var agent = await SignedInAsync(user);
        using var victim = await SignedInAsync(neighbour);
        var neighbours = Assert.Single(await SessionIdsAsync(neighbour));
        var own = Assert.Single(await SessionIdsAsync(user));
        var page = await agent.GetAsync("/mon-compte/sessions");
        // The current session has no « Mettre fin à cette session »; the posts are forged with a valid token.
        Assert.False(page.Has("form[action$='/mon-compte/sessions/mettre-fin']"));
        Assert.True(page.Has("#no-other-session"));
        var token = page.Form("/deconnexion")["__RequestVerificationToken"]!;

        using var foreign = await agent.NoRedirect.PostAsync("/mon-compte/sessions/mettre-fin", new FormUrlEncodedContent([new("id", neighbours.ToString()), new("__RequestVerificationToken", token)]));
        using var current = await agent.NoRedirect.PostAsync("/mon-compte/sessions/mettre-fin", new FormUrlEncodedContent([new("id", own.ToString()), new("__RequestVerificationToken", token)]));

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (foreign.StatusCode, current.StatusCode));
        await AssertSignedInAsync(victim, "the other user's session");
        await AssertSignedInAsync(agent, "the current session");
    }

    [Fact]
    public async Task A_deactivation_ends_every_session_of_the_account()
    {
        var user = await host.CreateUserAsync();
        using var first = await SignedInAsync(user);
        using var second = await SignedInAsync(user);
        Assert.Equal(2, (await SessionIdsAsync(user)).Count);

        await host.WithDbAsync(async db =>
        {
            var tracked = await db.Users.SingleAsync(u => u.Id == user.Id);
            tracked.Deactivate();
            await db.SaveChangesAsync();
        });

        // The next request past the revalidation interval (the tests' portal re-reads the account at every request).
        await AssertSentToThePigpAsync(first, "the first session after the deactivation");
        Assert.Empty(await SessionIdsAsync(user));
        await AssertSentToThePigpAsync(second, "the second session after the deactivation");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class UserSessionsTestsOnSqlite(SqlitePortalFixture fixture) : UserSessionsTests(fixture.Host);

[Collection(PostgreSqlCollection.Name)]
public sealed class UserSessionsTestsOnPostgreSql(PostgreSqlPortalFixture fixture) : UserSessionsTests(fixture.Host);
