using System.Net;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Web.Authentication;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Web.Tests.Accounts;

/// <summary>Single sign-on through the PIGP: who gets in, who is refused, and how sessions end.</summary>
public abstract class SignInTests(PortalHost host)
{
    [Fact]
    public async Task Unauthenticated_page_redirects_to_the_PIGP_authorize_endpoint_with_a_PKCE_challenge()
    {
        using var agent = host.NewAgent();
        using var response = await agent.NoRedirect.GetAsync("/mon-compte");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(new Uri(host.PigpAddress, "connect/authorize").GetLeftPart(UriPartial.Path), location.GetLeftPart(UriPartial.Path));
        var query = System.Web.HttpUtility.ParseQueryString(location.Query);
        Assert.False(string.IsNullOrEmpty(query["code_challenge"]));
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal("code", query["response_type"]);
    }

    [Fact]
    public async Task First_sign_in_opens_the_completion_form_and_nothing_else_until_validated()
    {
        var user = await host.CreateUserAsync(profileValidated: false);
        using var agent = host.NewAgent();

        var landing = await agent.SignInAsync(user.Login);
        Assert.Equal("/mon-compte/completer", landing.Uri.AbsolutePath);
        Assert.True(landing.Contains("Compléter les informations de votre compte"));

        var account = await agent.GetAsync("/mon-compte");
        Assert.Equal("/mon-compte/completer", account.Uri.AbsolutePath);
        // The guide's order: « Adresse électronique de contact », Nom, Prénom, then the professional postal address.
        Assert.Equal(
            ["Form_ContactEmail", "Form_Civility", "Form_LastName", "Form_FirstName", "Form_AddressLine1", "Form_AddressLine2", "Form_PostalCode", "Form_City", "Form_Country"],
            landing.FindAll("form input:not([type=hidden]), form select").Select(e => e.Id));

        // Refused, the summary lists the errors in the same order, not ModelState's (by name: « Nom » first).
        var refused = await agent.SubmitAsync(landing.Form("/mon-compte/completer").Set("Form.ContactEmail", "jean,dupont@mairie-exemple.fr").Set("Form.LastName", "").Set("Form.PostalCode", "4500"));
        Assert.Equal(["#Form_ContactEmail", "#Form_LastName", "#Form_PostalCode"], refused.FindAll("#error-summary a").Select(a => a.GetAttribute("href")));

        var home = await agent.SubmitAsync(landing.Form("/mon-compte/completer").Set("Form.LastName", "Durand"));
        Assert.Equal("/", home.Uri.AbsolutePath);
        Assert.True(home.Contains("Camille DURAND"), "the banner shows « Prénom NOM »");

        var saved = await host.FindUserAsync(user.Login);
        Assert.NotNull(saved.ProfileValidatedAt);
        Assert.Equal("Durand", saved.LastName);
        var audit = await host.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.UserId == user.Id).ToListAsync());
        var entry = Assert.Single(audit);
        Assert.Equal(UpdateProfile.ValidatedAction, entry.Action);
        var change = Assert.Single(entry.Changes);
        Assert.Equal(("LastName", "Testeur", "Durand"), (change.Field, change.OldValue, change.NewValue));
    }

    [Fact]
    public async Task Second_sign_in_lands_on_the_home_screen()
    {
        var user = await host.CreateUserAsync(profileValidated: true);
        using var agent = host.NewAgent();

        var landing = await agent.SignInAsync(user.Login);

        Assert.Equal("/", landing.Uri.AbsolutePath);
        Assert.True(landing.Contains("Camille TESTEUR"));
        Assert.NotNull((await host.FindUserAsync(user.Login)).LastSignInAt);
    }

    [Fact]
    public async Task Deactivated_user_is_refused_with_the_page_naming_the_DGFiP_referent()
    {
        var user = await host.CreateUserAsync(status: UserStatus.Inactive);
        using var agent = host.NewAgent();

        var page = await agent.SignInAsync(user.Login);

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Equal("/acces-refuse", page.Uri.AbsolutePath);
        Assert.True(page.Contains("Votre compte est désactivé"));
        Assert.True(page.Contains("référent DGFiP"));
        Assert.DoesNotContain(agent.Cookies.GetAllCookies(), c => c.Name == AuthenticationSetup.SessionCookieName);
    }

    [Fact]
    public async Task An_agent_imported_from_any_extract_signs_in_at_the_PIGP_stand_in()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (active, inactive) = ("importe" + suffix, "parti" + suffix);
        await host.ImportAsync(MadrhasExtract.Of(MadrhasExtract.Line(active), MadrhasExtract.Line(inactive, status: "INACTIF")), $"extrait-{suffix}.csv");
        Assert.False(await ListedAtTheStandInAsync(active));

        using var agent = host.NewAgent();
        var landing = await agent.SignInAsync(active);

        Assert.Equal(HttpStatusCode.OK, landing.Status);
        Assert.NotEqual(host.PigpAddress.Authority, landing.Uri.Authority);
        Assert.NotNull((await host.FindUserAsync(active)).LastSignInAt);

        // Known to the stand-in too, an inactive account keeps the portal's refusal page.
        using var other = host.NewAgent();
        var refused = await other.SignInAsync(inactive);
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.True(refused.Contains("Votre compte est désactivé"), refused.Html);
    }

    [Fact]
    public async Task A_login_neither_the_stand_in_nor_the_portal_knows_gets_the_stand_in_s_refusal()
    {
        var login = "personne" + Guid.NewGuid().ToString("N")[..8];
        using var agent = host.NewAgent();

        var page = await agent.SignInAsync(login);

        Assert.Equal(host.PigpAddress.Authority, page.Uri.Authority);
        Assert.Equal("/connexion", page.Uri.AbsolutePath);
        Assert.True(page.Contains($"Identifiant inconnu : aucun agent ne correspond à « {login} »"), page.Html);
    }

    // The stand-in's sign-in page lists the identities it was started with: an imported agent is not among them.
    private async Task<bool> ListedAtTheStandInAsync(string login)
    {
        using var agent = host.NewAgent();
        return (await agent.GetAsync("/")).Contains(login);
    }

    [Fact]
    public async Task User_unknown_to_the_portal_is_refused()
    {
        var login = "inconnu" + Guid.NewGuid().ToString("N")[..8];
        host.Pigp.AddIdentity(new global::ChorusAccount.Pigp.PigpIdentity(login, "Agent", "Inconnu", login + "@exemple.fr", null));
        using var agent = host.NewAgent();

        var page = await agent.SignInAsync(login);

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.True(page.Contains("Votre compte n'existe pas dans Chorus Pro"));
        Assert.False(await host.WithDbAsync(db => db.Users.AnyAsync(u => u.Login == login)));
    }

    [Fact]
    public async Task A_session_stops_working_once_the_account_is_deactivated()
    {
        var user = await host.CreateUserAsync();
        using var agent = host.NewAgent();
        await agent.SignInAsync(user.Login);
        using (var before = await agent.NoRedirect.GetAsync("/mon-compte"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await host.WithDbAsync(async db =>
        {
            var tracked = await db.Users.SingleAsync(u => u.Id == user.Id);
            tracked.Deactivate();
            await db.SaveChangesAsync();
        });

        using var after = await agent.NoRedirect.GetAsync("/mon-compte");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith(host.PigpAddress.ToString(), after.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Sign_out_ends_the_portal_and_the_PIGP_sessions()
    {
        var user = await host.CreateUserAsync();
        using var agent = host.NewAgent();
        var home = await agent.SignInAsync(user.Login);

        var signedOut = await agent.SubmitAsync(home.Form("/deconnexion"));

        Assert.Equal("/deconnecte", signedOut.Uri.AbsolutePath);
        Assert.True(signedOut.Contains("Vous êtes déconnecté(e)"));
        // Both sessions are gone: the portal sends to the PIGP, and the PIGP asks to sign in again.
        var again = await agent.GetAsync("/mon-compte");
        Assert.Equal(host.PigpAddress.Port, again.Uri.Port);
        Assert.StartsWith("/connexion", again.Uri.AbsolutePath);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SignInTestsOnSqlite(SqlitePortalFixture fixture) : SignInTests(fixture.Host);

[Collection(PostgreSqlCollection.Name)]
public sealed class SignInTestsOnPostgreSql(PostgreSqlPortalFixture fixture) : SignInTests(fixture.Host);
