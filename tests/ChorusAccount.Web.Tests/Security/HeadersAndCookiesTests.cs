using System.Net;
using ChorusAccount.Web.Authentication;
using ChorusAccount.Web.Tests.Infrastructure;

namespace ChorusAccount.Web.Tests.Security;

/// <summary>Response headers and cookies as the test portal (HTTPS, Development) sends them.</summary>
[Collection(SqliteCollection.Name)]
public sealed class HeadersAndCookiesTests(SqlitePortalFixture fixture)
{
    private PortalHost Host => fixture.Host;

    [Fact]
    public async Task Every_kind_of_response_carries_the_security_headers_and_no_HSTS_in_Development()
    {
        var user = await Host.CreateUserAsync();
        using var anonymous = Host.NewAgent();
        using var agent = Host.NewAgent();
        await agent.SignInAsync(user.Login);

        var responses = new List<HttpResponseMessage>
        {
            await anonymous.NoRedirect.GetAsync("/mon-compte"),
            await anonymous.NoRedirect.GetAsync("/healthz/live"),
            await agent.NoRedirect.GetAsync("/"),
            await agent.NoRedirect.GetAsync("/mon-compte"),
            await agent.NoRedirect.GetAsync("/nulle-part"),
            await agent.NoRedirect.GetAsync("/css/site.css"),
            await agent.NoRedirect.PostAsync("/mon-compte", new FormUrlEncodedContent([])),
        };

        foreach (var response in responses)
        {
            using var _ = response;
            var label = $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri!.AbsolutePath} ({(int)response.StatusCode})";
            SecurityAssert.HasPortalHeaders(response, label);
            Assert.False(response.Headers.Contains("Strict-Transport-Security"), label);
        }
    }

    [Fact]
    public async Task Pages_are_never_compressed_and_the_stylesheets_they_link_are_cached_by_their_version()
    {
        var user = await Host.CreateUserAsync();
        using var agent = Host.NewAgent();
        await agent.SignInAsync(user.Login);
        using var raw = new HttpClient(AgentClient.Handler(agent.Cookies)) { BaseAddress = Host.BaseAddress };

        // BREACH: a page holds reflected input next to personal data and tokens; compressed over TLS, it leaks them.
        using var search = new HttpRequestMessage(HttpMethod.Get, "/mon-compte/rattachements/demande?searched=true&City=orleans");
        search.Headers.TryAddWithoutValidation("Accept-Encoding", "br, gzip");
        using var page = await raw.SendAsync(search);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Empty(page.Content.Headers.ContentEncoding);
        var html = await page.Content.ReadAsStringAsync();

        // The layout names each stylesheet with its content hash: that URL is kept a year, and never sets a cookie.
        var href = HtmlDocuments.Parse(html).FindAll("link[rel=stylesheet][href^='/lib/dsfr/dsfr.min.css?v=']").SingleOrDefault()?.GetAttribute("href");
        Assert.False(string.IsNullOrEmpty(href), "the layout links the DSFR stylesheet with its version");
        using var stylesheet = await raw.GetAsync(href);
        Assert.Equal(HttpStatusCode.OK, stylesheet.StatusCode);
        Assert.Equal(TimeSpan.FromDays(365), stylesheet.Headers.CacheControl?.MaxAge);
        Assert.Contains(stylesheet.Headers.CacheControl!.Extensions, e => e.Name == "immutable");
        Assert.False(stylesheet.Headers.Contains("Set-Cookie"));
        // The unversioned name is asked again each time (ETag): a deployment that changes the file is seen at once.
        using var plain = await raw.GetAsync("/lib/dsfr/dsfr.min.css");
        Assert.True(plain.Headers.CacheControl?.NoCache, plain.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task The_portal_cookies_are_Host_prefixed_Secure_HttpOnly_and_SameSite()
    {
        var user = await Host.CreateUserAsync();
        using var agent = Host.NewAgent();
        await agent.SignInAsync(user.Login);
        var account = await agent.GetAsync("/mon-compte");
        var saved = await agent.SubmitAsync(account.Form("/mon-compte").Set("Form.City", "Blois"));
        Assert.True(saved.Contains("Vos modifications ont été enregistrées."), saved.Html);

        var portal = SecurityAssert.PortalCookies(agent, Host);
        // Renewed at each request (the test host revalidates every session at once): every issue is checked.
        Assert.All(portal.Where(c => c.StartsWith(AuthenticationSetup.SessionCookieName + "=", StringComparison.Ordinal)), c => SecurityAssert.HostCookie(c, "lax"));
        Assert.Contains(portal, c => c.StartsWith(AuthenticationSetup.SessionCookieName + "=", StringComparison.Ordinal));
        Assert.All(portal.Where(c => c.StartsWith("__Host-ChorusAccount.Antiforgery=", StringComparison.Ordinal)), c => SecurityAssert.HostCookie(c, "strict"));
        Assert.Contains(portal, c => c.StartsWith("__Host-ChorusAccount.Antiforgery=", StringComparison.Ordinal));
        SecurityAssert.HostCookie(portal.First(c => c.StartsWith("__Host-ChorusAccount.Messages=", StringComparison.Ordinal)), "lax");
        SecurityAssert.AllSecure(portal);
    }

    [Fact]
    public async Task The_message_cookie_is_set_by_an_action_removed_by_the_page_showing_it_and_absent_from_the_others()
    {
        const string messages = "__Host-ChorusAccount.Messages=";
        var user = await Host.CreateUserAsync();
        using var agent = Host.NewAgent();
        await agent.SignInAsync(user.Login);
        List<string> MessageCookies() => [.. agent.SetCookies.Select(c => c.Header).Where(h => h.StartsWith(messages, StringComparison.Ordinal))];

        // Pages that show no message neither set nor remove it.
        agent.SetCookies.Clear();
        var account = await agent.GetAsync("/mon-compte");
        await agent.GetAsync("/");
        Assert.Empty(MessageCookies());

        // The action's redirection sets it; the page that shows the message removes it.
        var saved = await agent.SubmitAsync(account.Form("/mon-compte").Set("Form.City", "Blois"));
        Assert.True(saved.Contains("Vos modifications ont été enregistrées."), saved.Html);
        var written = MessageCookies();
        Assert.Equal(2, written.Count);
        Assert.DoesNotContain("1970", written[0], StringComparison.Ordinal);
        Assert.Contains("expires=Thu, 01 Jan 1970", written[1], StringComparison.OrdinalIgnoreCase);

        // Shown once: the next page has neither the message nor a cookie for it.
        agent.SetCookies.Clear();
        var next = await agent.GetAsync("/mon-compte");
        Assert.False(next.Contains("Vos modifications ont été enregistrées."), next.Html);
        Assert.Empty(MessageCookies());
        // Without a cookie to set, a signed-in page is still never stored by the browser or a proxy.
        using var raw = new HttpClient(AgentClient.Handler(agent.Cookies)) { BaseAddress = Host.BaseAddress };
        foreach (var path in new[] { "/", "/mon-compte" })
        {
            using var page = await raw.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.True(page.Headers.CacheControl?.NoStore, $"{path}: {page.Headers.CacheControl}");
        }
    }

    [Fact]
    public async Task Document_responses_keep_their_own_sandbox_policy()
    {
        var user = await Host.CreateUserAsync();
        using var agent = Host.NewAgent();
        await agent.SignInAsync(user.Login);
        var page = await Documents.DocumentUploads.UploadAsync(agent, "a.pdf", Documents.DocumentUploads.Pdf, "Bac à sable");
        Assert.True(page.Contains("La pièce jointe a été ajoutée."));
        var id = page.Single("a[href^='/mon-compte/pieces-jointes/'][href$='/consulter']").GetAttribute("href")!.Split('/')[3];

        using var response = await agent.NoRedirect.GetAsync($"/mon-compte/pieces-jointes/{id}/consulter");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Web.Documents.DocumentResponses.SandboxPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }
}
