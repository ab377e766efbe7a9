using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Web.Tests.Infrastructure;
using ChorusAccount.Web.Tests.Security;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Web.Tests.Information;

/// <summary>The pages a French public website must have, linked from the footer of every page: public, in the user's
/// language, and true to what the portal does (the cookies it sets, the sessions' lifetimes, its pages).</summary>
public abstract partial class InformationPagesTests(PortalHost host)
{
    /// <summary>Each footer page, its French and English titles.</summary>
    public static readonly (string Path, string French, string English)[] FooterPages =
    [
        ("/accessibilite", "Déclaration d'accessibilité", "Accessibility statement"),
        ("/mentions-legales", "Mentions légales", "Legal notice"),
        ("/donnees-personnelles", "Données personnelles", "Personal data"),
        ("/gestion-des-cookies", "Gestion des cookies", "Cookie management"),
        ("/plan-du-site", "Plan du site", "Site map"),
    ];

    [Fact]
    public async Task An_anonymous_visitor_reads_each_footer_page_linked_from_the_footer_with_the_display_settings()
    {
        using var anonymous = host.NewAgent();

        foreach (var (path, french, _) in FooterPages)
        {
            using var response = await anonymous.NoRedirect.GetAsync(path);
            var page = await Page.ReadAsync(response);

            Assert.True(page.Status == HttpStatusCode.OK, $"{path} answered {(int)page.Status}");
            Assert.Equal(french, page.Single("main h1").ShownText());
            Assert.Equal("fr", page.Single("html").GetAttribute("lang"));
            FooterHasEveryPageAndTheDisplaySettings(page, path);
            // The footer marks the page shown now.
            Assert.Equal(path, page.Single(".fr-footer__bottom-list a[aria-current='page']").GetAttribute("href"));
        }
    }

    [Fact]
    public async Task Every_page_of_a_signed_in_user_has_the_footer_pages_and_a_newcomer_reads_them_before_completing_its_account()
    {
        var user = await host.CreateUserAsync();
        using var agent = host.NewAgent();
        await agent.SignInAsync(user.Login);
        foreach (var path in new[] { "/", "/mon-compte", "/mon-compte/sessions" })
        {
            var page = await agent.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            FooterHasEveryPageAndTheDisplaySettings(page, path);
            Assert.False(page.Has(".fr-footer__bottom-list a[aria-current]"), path);
        }

        var newcomer = await host.CreateUserAsync(profileValidated: false);
        using var first = host.NewAgent();
        Assert.EndsWith("/mon-compte/completer", (await first.SignInAsync(newcomer.Login)).Uri.AbsolutePath);
        foreach (var (path, french, _) in FooterPages)
        {
            var page = await first.GetAsync(path);
            Assert.Equal(path, page.Uri.AbsolutePath);
            Assert.Equal(french, page.Single("main h1").ShownText());
        }
    }

    [Fact]
    public async Task A_user_who_chose_English_reads_every_footer_page_in_English()
    {
        var user = await host.CreateUserAsync();
        await host.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Language, UserLanguage.English)));
        using var agent = host.NewAgent();
        await agent.SignInAsync(user.Login);

        foreach (var (path, _, english) in FooterPages)
        {
            var page = await agent.GetAsync(path);

            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Equal("en", page.Single("html").GetAttribute("lang"));
            Assert.Equal(english, page.Single("main h1").ShownText());
            Assert.Equal("Accessibility: partially compliant", page.Single("#footer-accessibility").ShownText());
            Assert.Equal("Display settings", page.Single("#footer-display-settings").ShownText());
            Assert.Equal("Dark theme", page.Single("label[for='fr-radios-theme-dark']").ShownText());
        }
    }

    [Fact]
    public async Task The_accessibility_statement_follows_the_RGAA_model_with_the_configured_contact_and_the_Defenseur_des_droits()
    {
        using var anonymous = host.NewAgent();
        var page = await anonymous.GetAsync("/accessibilite");

        Assert.Equal(
            ["État de conformité", "Résultats des tests", "Contenus non accessibles", "Établissement de cette déclaration", "Retour d'information et contact", "Voies de recours"],
            page.FindAll("main h2").Select(h => h.ShownText()));
        Assert.Contains("partiellement conforme avec le référentiel général d'amélioration de l'accessibilité (RGAA), version 4.1", page.Single("#conformity-state").ShownText());
        // From the settings (appsettings.json): the contact address and the date of the audit; no rate until one is measured.
        Assert.Equal("mailto:accessibilite@chorus-pro.example", page.Single("#accessibility-contact").GetAttribute("href"));
        Assert.True(page.Contains("Cette déclaration a été établie le 7 décembre 2026."), page.Html);
        Assert.True(page.Has("#conformity-rate-not-measured"));
        Assert.False(page.Has("#conformity-rate"));
        Assert.Equal(
            ["https://formulaire.defenseurdesdroits.fr/", "https://www.defenseurdesdroits.fr/saisir/delegues"],
            page.FindAll("#recourse a").Select(a => a.GetAttribute("href")));
        Assert.True(page.Contains("Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07"));
    }

    [Fact]
    public async Task The_legal_notice_and_the_personal_data_page_say_who_runs_the_portal_and_link_Telecharger_mes_donnees()
    {
        using var anonymous = host.NewAgent();
        var legal = await anonymous.GetAsync("/mentions-legales");
        var data = await anonymous.GetAsync("/donnees-personnelles");

        Assert.Equal("Ce portail est édité par Administration d'exemple, 1 rue de l'Exemple, 75000 Paris.", legal.Single("#publisher").ShownText());
        Assert.Equal("Camille EXEMPLE", legal.Single("#publication-director").ShownText());
        Assert.Equal("Ce portail est hébergé par Hébergeur d'exemple, 2 avenue de l'Exemple, 75000 Paris.", legal.Single("#host").ShownText());

        Assert.Equal(
            ["Ce que le portail garde", "Pourquoi", "Combien de temps", "Qui les voit", "Vos droits"],
            data.FindAll("main h2").Select(h => h.ShownText()));
        Assert.Equal("/mon-compte/mes-donnees", data.Single("#download-my-data").GetAttribute("href"));
        Assert.Equal("Télécharger mes données", data.Single("#download-my-data").ShownText());
        Assert.Equal("mailto:dpd@chorus-pro.example", data.Single("#data-protection-contact").GetAttribute("href"));
        // The sessions' lifetimes are the portal's settings (Session:IdleTimeout, Session:AbsoluteTimeout).
        Assert.Contains("(30 minutes sans activité, 12 heures au plus après la connexion)", data.Single("#session-retention").ShownText());
    }

    [Fact]
    public async Task The_cookie_page_lists_exactly_the_cookies_the_portal_sets_through_a_sign_in_a_form_and_a_message_with_their_lifetimes()
    {
        var user = await host.CreateUserAsync();
        using var agent = host.NewAgent();
        await agent.SignInAsync(user.Login);
        var account = await agent.GetAsync("/mon-compte");
        var saved = await agent.SubmitAsync(account.Form("/mon-compte").Set("Form.City", "Blois"));
        Assert.True(saved.Contains("Vos modifications ont été enregistrées."), saved.Html);
        var cookiesPage = await agent.GetAsync("/gestion-des-cookies");
        var listed = cookiesPage.FindAll("#cookies tbody tr").Select(r => new
        {
            Name = r.Single("code").ShownText(),
            Prefix = r.GetAttribute("data-cookie-prefix") == "true",
            Lifetime = r.FindAll("td")[2].ShownText(),
        }).ToList();
        Assert.Equal(5, listed.Count);
        // Every Set-Cookie the portal sent, by name (a large session cookie is sent in chunks: NameC1, NameC2…).
        var set = SecurityAssert.PortalCookies(agent, host)
            .Select(h => (Name: h[..h.IndexOf('=', StringComparison.Ordinal)], Header: h))
            .Select(c => (Name: ChunkSuffix().Replace(c.Name, ""), c.Header))
            .ToList();

        foreach (var (name, header) in set)
        {
            Assert.True(listed.Any(l => l.Prefix ? name.StartsWith(l.Name, StringComparison.Ordinal) && name.Length > l.Name.Length : name == l.Name), $"{name} is set but not listed on « Gestion des cookies »");
        }

        foreach (var cookie in listed)
        {
            var issued = set.Where(s => cookie.Prefix ? s.Name.StartsWith(cookie.Name, StringComparison.Ordinal) : s.Name == cookie.Name)
                .Select(s => s.Header).Where(h => !h.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.True(issued.Count > 0, $"{cookie.Name} is listed on « Gestion des cookies » but the portal never set it");
            var expires = issued.Select(Expires).Distinct().ToList();
            if (expires is [null])
            {
                // A cookie that ends with the browser: the page says so.
                Assert.StartsWith("Jusqu'à", cookie.Lifetime, StringComparison.Ordinal);
            }
            else
            {
                // A cookie with an expiry: the page names its duration, as set (« 15 minutes au plus », « 1 heure au plus »).
                var lifetime = Assert.Single(expires.Select(e => e!.Value - DateTimeOffset.UtcNow).Select(d => (int)Math.Round(d.TotalMinutes)).Distinct());
                Assert.StartsWith(lifetime % 60 == 0 ? $"{lifetime / 60} heure" : $"{lifetime} minutes", cookie.Lifetime, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task The_site_map_links_every_page_a_user_opens_without_a_selection_and_only_pages_that_exist()
    {
        // Reached from a page, with what it was opened for (a selection, a structure, a first sign-in), not from the site map.
        var fromAPage = new HashSet<string>
        {
            "/mon-compte/completer", "/mon-compte/pieces-jointes/zip", "/mon-compte/pieces-jointes/supprimer", "/mon-compte/rattachements/nouvelle",
            "/mon-compte/rattachements/supprimer", "/mon-compte/abonnements/retirer", "/mon-compte/abonnements/supprimer",
        };
        var routes = PortalRoute.All(host).Where(r => r.Method == "GET").ToList();
        var expected = routes
            .Where(r => (!r.Anonymous && !r.IsOps && !r.Template.Contains('{', StringComparison.Ordinal) && !fromAPage.Contains(r.Template))
                || FooterPages.Any(p => p.Path == r.Template))
            .Select(r => r.Template).ToHashSet();
        Assert.Contains("/mon-compte/sessions", expected);
        Assert.Contains("/plan-du-site", expected);
        using var anonymous = host.NewAgent();

        var map = await anonymous.GetAsync("/plan-du-site");

        var links = map.FindAll("#site-map a[href]").Select(a => a.GetAttribute("href")!).ToHashSet();
        Assert.Empty(expected.Except(links));
        Assert.Empty(links.Except(routes.Select(r => r.Template)));
    }

    private static void FooterHasEveryPageAndTheDisplaySettings(Page page, string label)
    {
        var links = page.FindAll("footer .fr-footer__bottom-list a.fr-footer__bottom-link").Select(a => a.GetAttribute("href")).ToList();
        Assert.True(FooterPages.All(p => links.Contains(p.Path)), $"{label}: footer links {string.Join(", ", links)}");
        Assert.Equal("Accessibilité : partiellement conforme", page.Single("#footer-accessibility").ShownText());
        Assert.Equal("fr-theme-modal", page.Single("footer button#footer-display-settings").GetAttribute("aria-controls"));
        Assert.Equal(
            ["light", "dark", "system"],
            page.FindAll("#fr-theme-modal #fr-display input[type='radio'][name='fr-radios-theme']").Select(i => i.GetAttribute("value")));
        Assert.Equal("system", page.Single("html").GetAttribute("data-fr-scheme"));
    }

    private static DateTimeOffset? Expires(string header) =>
        header.Split(';', StringSplitOptions.TrimEntries).FirstOrDefault(a => a.StartsWith("expires=", StringComparison.OrdinalIgnoreCase)) is { } attribute
            ? DateTimeOffset.Parse(attribute["expires=".Length..], CultureInfo.InvariantCulture)
            : null;

    [GeneratedRegex(@"C\d+$")]
    private static partial Regex ChunkSuffix();
}

[Collection(SqliteCollection.Name)]
public sealed class InformationPagesTestsOnSqlite(SqlitePortalFixture fixture) : InformationPagesTests(fixture.Host);

[Collection(PostgreSqlCollection.Name)]
public sealed class InformationPagesTestsOnPostgreSql(PostgreSqlPortalFixture fixture) : InformationPagesTests(fixture.Host);
