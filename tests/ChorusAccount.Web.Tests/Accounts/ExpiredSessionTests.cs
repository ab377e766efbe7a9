using System.Net;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Web.Authentication;
using ChorusAccount.Web.Tests.Documents;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Web.Tests.Accounts;

/// <summary>
/// A form posted after the session has gone comes back, once signed in again, to the page it was on, with « Votre
/// session avait expiré : vos modifications n'ont pas été enregistrées », nothing written — not a GET on the post-only
/// route (405). And a form stays valid in one tab while the profile is saved in another (the antiforgery token is bound
/// to the user id, not to the whole session).
/// </summary>
public abstract class ExpiredSessionTests(PortalHost host)
{
    private const string Expired = "Votre session avait expiré : vos modifications n'ont pas été enregistrées.";

    /// <summary>The PIGP stand-in's own session cookie (<c>PigpEndpoints.SessionCookieName</c>).</summary>
    private const string PigpSessionCookie = "Pigp.Session";

    private async Task<(User User, AgentClient Agent, HtmlForm Profile)> ProfileFormAsync()
    {
        var user = await host.CreateUserAsync();
        var agent = host.NewAgent();
        await agent.SignInAsync(user.Login);
        var account = await agent.GetAsync("/mon-compte");
        return (user, agent, account.Form("/mon-compte").Set("Form.City", "Tours").Set("Form.PostalCode", "37000"));
    }

    private static void Forget(AgentClient agent, Func<Cookie, bool> which)
    {
        foreach (var cookie in agent.Cookies.GetAllCookies().Where(which))
        {
            cookie.Expired = true;
        }
    }

    private static bool IsPortalSession(Cookie c) => c.Name.StartsWith(AuthenticationSetup.SessionCookieName, StringComparison.Ordinal);

    private async Task AssertNothingSavedAsync(User user)
    {
        var after = await host.FindUserAsync(user.Login);
        Assert.Equal(("Orléans", "45000"), (after.Address.City, after.Address.PostalCode));
        Assert.False(await host.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.UserId == user.Id)));
    }

    private static void AssertBackOnTheFormWithTheMessage(Page page, string path)
    {
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(path, page.Uri.AbsolutePath);
        var alert = page.Single("main .fr-alert.fr-alert--warning");
        Assert.Equal("status", alert.GetAttribute("role"));
        Assert.Equal(Expired, alert.TextContent.Trim());
        // The form is there again, with the account's values.
        Assert.Equal("Orléans", page.Form(path)["Form.City"]);
    }

    [Fact]
    public async Task A_form_posted_without_its_session_comes_back_to_its_page_with_the_message_and_saves_nothing()
    {
        var (user, agent, form) = await ProfileFormAsync();
        using var _ = agent;
        // The session cookie is gone (expired, or the browser dropped it); the PIGP still knows the agent.
        Forget(agent, IsPortalSession);

        var page = await agent.SubmitAsync(form);

        AssertBackOnTheFormWithTheMessage(page, "/mon-compte");
        await AssertNothingSavedAsync(user);
        // Once: the next page has no message.
        Assert.False((await agent.GetAsync("/mon-compte")).Contains(Expired));
    }

    [Fact]
    public async Task Se_deconnecter_without_a_session_left_lands_on_the_signed_out_page_not_signed_in_again()
    {
        var (_, agent, _) = await ProfileFormAsync();
        using var __ = agent;
        var signOut = (await agent.GetAsync("/mon-compte")).Form("/deconnexion");
        Forget(agent, IsPortalSession);

        var page = await agent.SubmitAsync(signOut);

        // Not sent through the PIGP, whose own session would have signed the agent straight back in.
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("/deconnecte", page.Uri.AbsolutePath);
        Assert.False(page.Contains(Expired));
        Assert.DoesNotContain(agent.Cookies.GetAllCookies(), c => IsPortalSession(c) && !c.Expired);
    }

    [Fact]
    public async Task A_form_posted_after_the_session_ended_on_the_server_signs_in_again_and_lands_on_its_page()
    {
        var (user, agent, form) = await ProfileFormAsync();
        using var _ = agent;
        // The portal ends the session (a new security stamp), and the PIGP's session has ended too: signing in is asked again.
        await host.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.SecurityStamp, Guid.NewGuid().ToString("N"))));
        Forget(agent, c => c.Name == PigpSessionCookie);

        var pigp = await agent.SubmitAsync(form);
        Assert.Equal("/connexion", pigp.Uri.AbsolutePath);
        Assert.Equal(host.PigpAddress.Port, pigp.Uri.Port);
        var page = await agent.SubmitAsync(HtmlForm.Parse(pigp.Html, pigp.Uri, "/connexion").Set("uid", user.Login));

        AssertBackOnTheFormWithTheMessage(page, "/mon-compte");
        await AssertNothingSavedAsync(user);
    }

    [Fact]
    public async Task A_form_without_its_session_comes_back_to_its_page_with_the_page_query()
    {
        var user = await host.CreateUserAsync();
        using var agent = host.NewAgent();
        await agent.SignInAsync(user.Login);
        var uploaded = await agent.UploadAsync("presentation.pdf", DocumentUploads.Pdf);
        Assert.Equal(HttpStatusCode.OK, uploaded.Status);
        var documents = await host.WithDbAsync(db => db.Documents.CountAsync(d => d.UserId == user.Id));
        // The confirmation page of « Supprimer » names the documents in its query.
        var confirm = await agent.GetAsync("/mon-compte/pieces-jointes/supprimer?" + string.Join("&",
            (await host.WithDbAsync(db => db.Documents.Where(d => d.UserId == user.Id).Select(d => d.Id).ToListAsync())).Select(id => "ids=" + id)));
        Assert.Equal(HttpStatusCode.OK, confirm.Status);
        var form = confirm.Form("/mon-compte/pieces-jointes/supprimer").Set("confirm", "true");
        Forget(agent, IsPortalSession);

        var page = await agent.SubmitAsync(form);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(confirm.Uri.PathAndQuery, page.Uri.PathAndQuery);
        Assert.Equal(Expired, page.Single("main .fr-alert.fr-alert--warning").TextContent.Trim());
        Assert.Equal(documents, await host.WithDbAsync(db => db.Documents.CountAsync(d => d.UserId == user.Id)));
    }

    [Fact]
    public async Task A_post_only_route_without_its_session_is_not_answered_405_but_with_its_page()
    {
        var operatorUser = await host.OperatorAsync();
        using var agent = host.NewAgent();
        await agent.SignInAsync(operatorUser.Login);
        var imports = await agent.GetAsync("/ops/imports");
        var runs = await host.WithDbAsync(db => db.MadrhasImportRuns.CountAsync());
        Forget(agent, IsPortalSession);

        // « Lancer l'import »: POST /ops/imports/lancer has no GET.
        var page = await agent.SubmitAsync(imports.Form("/ops/imports/lancer"));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("/ops/imports", page.Uri.AbsolutePath);
        Assert.Equal(Expired, page.Single("main .fr-alert.fr-alert--warning").TextContent.Trim());
        Assert.Equal(runs, await host.WithDbAsync(db => db.MadrhasImportRuns.CountAsync()));
    }

    [Theory]
    [InlineData("/deconnexion")]
    [InlineData("/mon-compte/sessions/mettre-fin-aux-autres")]
    [InlineData("/ops/imports/lancer")]
    public async Task A_post_only_route_opened_as_a_page_says_so_not_the_unexpected_error(string path)
    {
        // A bookmark, a history entry or a typed address: 405, under its own words, never « Erreur inattendue ».
        var operatorUser = await host.OperatorAsync();
        using var agent = host.NewAgent();
        await agent.SignInAsync(operatorUser.Login);

        var page = await agent.GetAsync(path);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, page.Status);
        Assert.Equal("Page à ne pas ouvrir directement", page.Single("h1").TextContent.Trim());
        Assert.False(page.Contains("Erreur inattendue"));
        Assert.True(page.Contains("Code d'erreur : 405"));
    }

    [Fact]
    public async Task Without_a_referer_the_form_comes_back_to_the_posted_address_when_it_is_a_page_else_home()
    {
        // A browser that sends no Referer (a privacy setting): the page that held the form is not known.
        var (user, agent, form) = await ProfileFormAsync();
        using var _ = agent;
        Forget(agent, IsPortalSession);
        using var response = await agent.Http.PostAsync(form.Action, form.ToContent());
        var account = await Page.ReadAsync(response);

        AssertBackOnTheFormWithTheMessage(account, "/mon-compte");
        await AssertNothingSavedAsync(user);

        using var operatorAgent = host.NewAgent();
        await operatorAgent.SignInAsync((await host.OperatorAsync()).Login);
        var launch = (await operatorAgent.GetAsync("/ops/imports")).Form("/ops/imports/lancer");
        Forget(operatorAgent, IsPortalSession);
        using var launched = await operatorAgent.Http.PostAsync(launch.Action, launch.ToContent());
        var home = await Page.ReadAsync(launched);

        Assert.Equal((HttpStatusCode.OK, "/"), (home.Status, home.Uri.AbsolutePath));
        Assert.Equal(Expired, home.Single("main .fr-alert.fr-alert--warning").TextContent.Trim());
    }

    [Fact]
    public async Task A_form_opened_in_one_tab_is_accepted_after_the_profile_was_saved_in_another()
    {
        var user = await host.CreateUserAsync();
        using var agent = host.NewAgent();
        await agent.SignInAsync(user.Login);
        // Tab A: « Mon compte », with the form to add a document.
        var tabA = await agent.GetAsync("/mon-compte");
        // Tab B: the profile saved with another name and language, which the session carries.
        var tabB = await agent.GetAsync("/mon-compte");
        var saved = await agent.SubmitAsync(tabB.Form("/mon-compte").Set("Form.LastName", "Nouveaunom").Set("Form.Language", "en"));
        Assert.Equal(HttpStatusCode.OK, saved.Status);
        Assert.Equal("Nouveaunom", (await host.FindUserAsync(user.Login)).LastName);

        using var body = DocumentUploads.Multipart(tabA.Form(DocumentUploads.AddPath), "presentation.pdf", DocumentUploads.Pdf, "Présentation de la mairie");
        using var posted = await agent.Http.PostAsync(DocumentUploads.AddPath, body);

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(1, await host.WithDbAsync(db => db.Documents.CountAsync(d => d.UserId == user.Id)));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ExpiredSessionTestsOnSqlite(SqlitePortalFixture fixture) : ExpiredSessionTests(fixture.Host);

[Collection(PostgreSqlCollection.Name)]
public sealed class ExpiredSessionTestsOnPostgreSql(PostgreSqlPortalFixture fixture) : ExpiredSessionTests(fixture.Host);
