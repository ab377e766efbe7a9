using System.Net;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Web.Tests.Accounts;

/// <summary>« Mon compte »: personal information, parameters, history.</summary>
public abstract class PersonalInformationTests(PortalHost host)
{
    private async Task<(User User, AgentClient Agent, Page Account)> SignedInOnAccountAsync()
    {
        var user = await host.CreateUserAsync();
        var agent = host.NewAgent();
        await agent.SignInAsync(user.Login);
        return (user, agent, await agent.GetAsync("/mon-compte"));
    }

    [Fact]
    public async Task Account_page_shows_the_four_blocks_and_a_read_only_login()
    {
        var (user, agent, page) = await SignedInOnAccountAsync();
        using var _ = agent;

        Assert.Equal(HttpStatusCode.OK, page.Status);
        foreach (var heading in new[] { "Mes informations personnelles", "Mes rattachements aux structures", "Mes abonnements aux espaces", "Mes pièces jointes" })
        {
            Assert.True(page.Contains(heading), heading);
        }

        Assert.True(page.Contains(user.Login));
        Assert.Null(page.Form("/mon-compte")["Form.Login"]);
        Assert.True(page.Contains("référent DGFiP"));
    }

    [Fact]
    public async Task Valid_changes_are_saved_and_recorded_field_by_field()
    {
        var (user, agent, page) = await SignedInOnAccountAsync();
        using var _ = agent;

        var form = page.Form("/mon-compte")
            .Set("Form.ContactEmail", "camille.nouvelle@mairie-exemple.fr")
            .Set("Form.City", "Tours")
            .Set("Form.PostalCode", "37000")
            .Remove("Form.ReceiveNotifications").Set("Form.ReceiveNotifications", "false");
        var saved = await agent.SubmitAsync(form);

        Assert.Equal("/mon-compte", saved.Uri.AbsolutePath);
        Assert.True(saved.Contains("Vos modifications ont été enregistrées."));
        var after = await host.FindUserAsync(user.Login);
        Assert.Equal("camille.nouvelle@mairie-exemple.fr", after.ContactEmail);
        Assert.Equal(("Tours", "37000"), (after.Address.City, after.Address.PostalCode));
        Assert.False(after.ReceiveNotifications);

        var entry = await host.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.UserId == user.Id));
        Assert.Equal(UpdateProfile.UpdatedAction, entry.Action);
        Assert.Equal(
            ["City:Orléans→Tours", "ContactEmail:" + user.ContactEmail + "→camille.nouvelle@mairie-exemple.fr", "PostalCode:45000→37000", "ReceiveNotifications:True→False"],
            entry.Changes.Select(c => $"{c.Field}:{c.OldValue}→{c.NewValue}").Order().ToArray());

        var history = await agent.GetAsync("/mon-compte/historique");
        Assert.True(history.Contains("« Orléans » → « Tours »"));
    }

    [Theory]
    [InlineData("DUR\u202EdnaR", "a right-to-left override")]
    [InlineData("Ca\u200Bmille", "a zero-width space")]
    [InlineData("Ca\u2066mille", "a bidi isolate")]
    public async Task A_name_with_a_bidi_or_formatting_character_is_refused_beside_the_field(string name, string what)
    {
        var (user, agent, page) = await SignedInOnAccountAsync();
        using var _ = agent;
        var before = await host.FindUserAsync(user.Login);

        var result = await agent.SubmitAsync(page.Form("/mon-compte").Set("Form.LastName", name));

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.True(result.Has("#Form_LastName-error"), $"no message beside the last name for {what}");
        Assert.Equal("Ce champ contient des caractères non autorisés.", result.Single("#Form_LastName-error").TextContent.Trim());
        Assert.Equal(before.Version, (await host.FindUserAsync(user.Login)).Version);
    }

    [Fact]
    public async Task Invalid_input_shows_errors_beside_the_fields_and_saves_nothing()
    {
        var (user, agent, page) = await SignedInOnAccountAsync();
        using var _ = agent;
        var before = await host.FindUserAsync(user.Login);

        var result = await agent.SubmitAsync(page.Form("/mon-compte")
            .Set("Form.ContactEmail", "pas-une-adresse")
            .Set("Form.LastName", "")
            .Set("Form.PostalCode", "4500")
            .Set("Form.City", new string('x', 101))
            .Set("Form.FirstName", "Ca\u0007mille"));

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal("/mon-compte", result.Uri.AbsolutePath);
        Assert.True(result.Contains("Le formulaire contient des erreurs"));
        Assert.True(result.Contains("Saisissez une adresse électronique valide"));
        Assert.True(result.Contains("Saisissez votre nom."));
        Assert.True(result.Contains("En France, le code postal comporte 5 chiffres."));
        Assert.True(result.Contains("Ce champ ne peut pas dépasser 100 caractères."));
        Assert.True(result.Contains("Ce champ contient des caractères non autorisés."));
        Assert.True(result.Has("#Form_ContactEmail-error"), "no message beside the email field");
        Assert.True(result.Has("a[href='#Form_ContactEmail']"), "the error summary does not link to the email field");
        Assert.Equal("true", result.Single("#Form_ContactEmail").GetAttribute("aria-invalid"));

        var after = await host.FindUserAsync(user.Login);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(user.ContactEmail, after.ContactEmail);
        Assert.False(await host.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.UserId == user.Id)));
    }

    [Theory]
    [InlineData("jean,dupont@mairie-exemple.fr")]
    [InlineData("x(y@mairie-exemple.fr")]
    [InlineData("jean..dupont@mairie-exemple.fr")]
    public async Task A_contact_email_the_mailer_cannot_use_is_refused_beside_the_field(string address)
    {
        var (user, agent, page) = await SignedInOnAccountAsync();
        using var _ = agent;
        var before = await host.FindUserAsync(user.Login);

        var result = await agent.SubmitAsync(page.Form("/mon-compte").Set("Form.ContactEmail", address));

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal(
            "Saisissez une adresse électronique valide, au format nom@domaine.fr, sans espace, virgule, parenthèse ni guillemet.",
            result.Single("#Form_ContactEmail-error").TextContent.Trim());
        // Beside the field, in the messages group the field points to.
        Assert.Equal("Form_ContactEmail-messages", result.Single("#Form_ContactEmail").GetAttribute("aria-describedby"));
        Assert.True(result.Has("#Form_ContactEmail-messages > #Form_ContactEmail-error"), "the message is not in the field's messages group");
        Assert.Equal("true", result.Single("#Form_ContactEmail").GetAttribute("aria-invalid"));
        Assert.Equal(address, result.Single("#Form_ContactEmail").GetAttribute("value"));
        var after = await host.FindUserAsync(user.Login);
        Assert.Equal((before.Version, user.ContactEmail), (after.Version, after.ContactEmail));
        Assert.False(await host.WithDbAsync(db => db.NotificationEvents.AnyAsync(e => e.RecipientUserId == user.Id)));
    }

    [Fact]
    public async Task A_stale_form_does_not_overwrite_a_newer_change()
    {
        var (user, agent, page) = await SignedInOnAccountAsync();
        using var _ = agent;
        var stale = page.Form("/mon-compte");
        await agent.SubmitAsync(page.Form("/mon-compte").Set("Form.City", "Blois").Set("Form.PostalCode", "41000"));

        var result = await agent.SubmitAsync(stale.Set("Form.FirstName", "Dominique"));

        Assert.True(result.Contains("Votre compte a été modifié entre-temps"));
        var after = await host.FindUserAsync(user.Login);
        Assert.Equal(("Camille", "Blois"), (after.FirstName, after.Address.City));
    }

    [Fact]
    public async Task Choosing_English_switches_the_interface_to_English()
    {
        var (user, agent, page) = await SignedInOnAccountAsync();
        using var _ = agent;

        var english = await agent.SubmitAsync(page.Form("/mon-compte").Set("Form.Language", "en"));

        Assert.Equal("en", english.Document.DocumentElement.GetAttribute("lang"));
        Assert.True(english.Contains("My personal information"));
        Assert.True(english.Contains("Your changes have been saved."));
        Assert.Equal(UserLanguage.English, (await host.FindUserAsync(user.Login)).Language);
        var home = await agent.GetAsync("/");
        Assert.True(home.Contains("Welcome, Camille TESTEUR"));
    }

    [Fact]
    public async Task Health_endpoints_answer_without_a_session()
    {
        using var agent = host.NewAgent();
        using var live = await agent.NoRedirect.GetAsync("/healthz/live");
        using var ready = await agent.NoRedirect.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PersonalInformationTestsOnSqlite(SqlitePortalFixture fixture) : PersonalInformationTests(fixture.Host);

[Collection(PostgreSqlCollection.Name)]
public sealed class PersonalInformationTestsOnPostgreSql(PostgreSqlPortalFixture fixture) : PersonalInformationTests(fixture.Host);
