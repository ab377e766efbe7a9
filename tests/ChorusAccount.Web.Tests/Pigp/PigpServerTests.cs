using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChorusAccount.Pigp;

namespace ChorusAccount.Web.Tests.Pigp;

public sealed class PigpServerTests
{
    private const string ClientId = "chorus-account";
    private const string ClientSecret = "secret-du-portail";
    private const string RedirectUri = "http://127.0.0.1:5999/signin-oidc";
    private const string PostLogoutRedirectUri = "http://127.0.0.1:5999/signout-callback-oidc";
    private const string Scope = "openid profile email uid siret given_name usual_name";

    private static readonly PigpIdentity _marie =
        new("marie.durand", "Marie", "Durand", "marie.durand@dgfip.finances.gouv.fr", "11000201100010");

    private static readonly PigpIdentity _sophie =
        new("sophie.bernard", "Sophie", "Bernard", "sophie.bernard@dgfip.finances.gouv.fr", null);

    [Fact]
    public async Task Discovery_document_lists_the_four_endpoints_and_S256_only()
    {
        await using var server = await StartServerAsync();
        using var browser = new Browser(server);

        using var response = await browser.Client.GetAsync(".well-known/openid-configuration");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        var baseAddress = server.BaseAddress.ToString();
        Assert.Equal(baseAddress, root.GetProperty("issuer").GetString());
        Assert.Equal(baseAddress + "connect/authorize", root.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(baseAddress + "connect/token", root.GetProperty("token_endpoint").GetString());
        Assert.Equal(baseAddress + "connect/userinfo", root.GetProperty("userinfo_endpoint").GetString());
        Assert.Equal(baseAddress + "connect/logout", root.GetProperty("end_session_endpoint").GetString());
        var methods = root.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal<string>(["S256"], methods);
        var scopes = root.GetProperty("scopes_supported").EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.Contains("uid", scopes);
        Assert.Contains("usual_name", scopes);
    }

    [Fact]
    public async Task Code_flow_with_pkce_issues_an_id_token_and_userinfo_with_agentconnect_claims()
    {
        await using var server = await StartServerAsync();
        using var browser = new Browser(server);
        var pkce = Pkce.Create();

        var code = await SignInAndGetCodeAsync(browser, "marie.durand", pkce);
        using var token = await RedeemAsync(browser, code, pkce.Verifier);

        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        using var tokenJson = JsonDocument.Parse(await token.Content.ReadAsStringAsync());
        var idToken = tokenJson.RootElement.GetProperty("id_token").GetString()!;
        var claims = ReadJwtPayload(idToken);
        Assert.Equal("marie.durand", claims.GetProperty("uid").GetString());
        Assert.Equal("Marie", claims.GetProperty("given_name").GetString());
        Assert.Equal("Durand", claims.GetProperty("usual_name").GetString());
        Assert.Equal("marie.durand@dgfip.finances.gouv.fr", claims.GetProperty("email").GetString());
        Assert.Equal("11000201100010", claims.GetProperty("siret").GetString());
        Assert.Equal("nonce-de-test", claims.GetProperty("nonce").GetString());
        Assert.Equal(ClientId, claims.GetProperty("aud").ValueKind == JsonValueKind.Array
            ? claims.GetProperty("aud")[0].GetString()
            : claims.GetProperty("aud").GetString());
        var subject = claims.GetProperty("sub").GetString();
        Assert.False(string.IsNullOrEmpty(subject));
        Assert.NotEqual("marie.durand", subject);

        var accessToken = tokenJson.RootElement.GetProperty("access_token").GetString()!;
        using var userInfoRequest = new HttpRequestMessage(HttpMethod.Get, "connect/userinfo");
        userInfoRequest.Headers.Authorization = new("Bearer", accessToken);
        using var userInfo = await browser.Client.SendAsync(userInfoRequest);
        Assert.Equal(HttpStatusCode.OK, userInfo.StatusCode);
        using var userInfoJson = JsonDocument.Parse(await userInfo.Content.ReadAsStringAsync());
        var info = userInfoJson.RootElement;
        Assert.Equal(subject, info.GetProperty("sub").GetString());
        Assert.Equal("marie.durand", info.GetProperty("uid").GetString());
        Assert.Equal("Marie", info.GetProperty("given_name").GetString());
        Assert.Equal("Durand", info.GetProperty("usual_name").GetString());
        Assert.Equal("marie.durand@dgfip.finances.gouv.fr", info.GetProperty("email").GetString());
        Assert.Equal("11000201100010", info.GetProperty("siret").GetString());
    }

    [Fact]
    public async Task Subject_is_pairwise_and_siret_is_omitted_when_the_agent_has_none()
    {
        await using var server = await StartServerAsync(
            Client(),
            new PigpClient("autre-application", "autre-secret", ["http://127.0.0.1:5998/cb"], []));
        using var browser = new Browser(server);

        var pkce = Pkce.Create();
        var code = await SignInAndGetCodeAsync(browser, "sophie.bernard", pkce);
        using var token = await RedeemAsync(browser, code, pkce.Verifier);
        var claims = ReadJwtPayload(await ReadIdTokenAsync(token));

        var other = Pkce.Create();
        using var authorize = await browser.Client.GetAsync(AuthorizeUrl(other, clientId: "autre-application", redirectUri: "http://127.0.0.1:5998/cb"));
        var otherCode = GetCode(authorize, "http://127.0.0.1:5998/cb");
        using var otherToken = await RedeemAsync(browser, otherCode, other.Verifier, "autre-application", "autre-secret", "http://127.0.0.1:5998/cb");
        var otherClaims = ReadJwtPayload(await ReadIdTokenAsync(otherToken));

        Assert.False(claims.TryGetProperty("siret", out _));
        Assert.Equal("sophie.bernard", claims.GetProperty("uid").GetString());
        Assert.Equal("sophie.bernard", otherClaims.GetProperty("uid").GetString());
        Assert.NotEqual(claims.GetProperty("sub").GetString(), otherClaims.GetProperty("sub").GetString());
    }

    [Fact]
    public async Task Token_request_with_a_wrong_code_verifier_is_rejected()
    {
        await using var server = await StartServerAsync();
        using var browser = new Browser(server);
        var pkce = Pkce.Create();
        var code = await SignInAndGetCodeAsync(browser, "marie.durand", pkce);

        using var token = await RedeemAsync(browser, code, Pkce.Create().Verifier);

        Assert.Equal(HttpStatusCode.BadRequest, token.StatusCode);
        using var json = JsonDocument.Parse(await token.Content.ReadAsStringAsync());
        Assert.Equal("invalid_grant", json.RootElement.GetProperty("error").GetString());
        Assert.False(json.RootElement.TryGetProperty("id_token", out _));
    }

    [Theory]
    [InlineData("code_challenge=", "ignored=")]
    [InlineData("code_challenge_method=S256", "code_challenge_method=plain")]
    public async Task Authorization_request_without_pkce_S256_is_refused(string parameter, string replacement)
    {
        await using var server = await StartServerAsync();
        using var browser = new Browser(server);
        await SignInAndGetCodeAsync(browser, "marie.durand", Pkce.Create());

        using var response = await browser.Client.GetAsync(AuthorizeUrl(Pkce.Create()).Replace(parameter, replacement, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("invalid_request", html, StringComparison.Ordinal);
        Assert.Contains("code_challenge", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_uid_shows_the_page_again_with_an_error_and_sets_no_session_cookie()
    {
        await using var server = await StartServerAsync();
        using var browser = new Browser(server);
        var form = await browser.GetSignInFormAsync("connexion?returnUrl=%2F");

        using var response = await browser.PostSignInAsync(form, "inconnu.personne");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Identifiant inconnu", html, StringComparison.Ordinal);
        var page = HtmlDocuments.Parse(html);
        Assert.Equal("alert", page.Single("#uid-erreur").GetAttribute("role"));
        var uid = page.Single("input#uid");
        Assert.Contains("uid-erreur", (uid.GetAttribute("aria-describedby") ?? "").Split(' '));
        Assert.Equal("true", uid.GetAttribute("aria-invalid"));
        Assert.False(browser.HasSessionCookie);
    }

    [Fact]
    public async Task Sign_in_without_antiforgery_token_is_refused()
    {
        await using var server = await StartServerAsync();
        using var browser = new Browser(server);
        await browser.GetSignInFormAsync("connexion");

        using var response = await browser.Client.PostAsync("connexion", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["uid"] = "marie.durand", ["returnUrl"] = "/" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(browser.HasSessionCookie);
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("http://evil.example/")]
    public async Task Sign_in_only_follows_local_return_urls(string returnUrl)
    {
        await using var server = await StartServerAsync();
        using var browser = new Browser(server);
        var page = await browser.GetSignInFormAsync("connexion?returnUrl=" + Uri.EscapeDataString(returnUrl));
        Assert.Equal("/", page.ReturnUrl);
        page.Hidden["returnUrl"] = returnUrl; // a forged form

        using var response = await browser.PostSignInAsync(page, "marie.durand");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        Assert.True(browser.HasSessionCookie);
    }

    [Fact]
    public async Task Unregistered_redirect_uri_gets_an_error_page_and_no_redirect()
    {
        await using var server = await StartServerAsync();
        using var browser = new Browser(server);
        await SignInAndGetCodeAsync(browser, "marie.durand", Pkce.Create());

        using var response = await browser.Client.GetAsync(AuthorizeUrl(Pkce.Create(), redirectUri: "http://evil.example/cb"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal("fr", HtmlDocuments.Parse(html).DocumentElement.GetAttribute("lang"));
        Assert.Contains("invalid_request", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterClientAsync_after_start_replaces_the_redirect_uris()
    {
        const string newRedirectUri = "http://127.0.0.1:6123/signin-oidc";
        await using var server = await StartServerAsync();
        using var browser = new Browser(server);
        await SignInAndGetCodeAsync(browser, "marie.durand", Pkce.Create());

        using (var before = await browser.Client.GetAsync(AuthorizeUrl(Pkce.Create(), redirectUri: newRedirectUri)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, before.StatusCode);
        }

        await server.RegisterClientAsync(new PigpClient(ClientId, ClientSecret, [newRedirectUri], [PostLogoutRedirectUri]));

        var pkce = Pkce.Create();
        using var after = await browser.Client.GetAsync(AuthorizeUrl(pkce, redirectUri: newRedirectUri));
        var code = GetCode(after, newRedirectUri);
        using var token = await RedeemAsync(browser, code, pkce.Verifier, redirectUri: newRedirectUri);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);

        using var old = await browser.Client.GetAsync(AuthorizeUrl(Pkce.Create(), redirectUri: RedirectUri));
        Assert.Equal(HttpStatusCode.BadRequest, old.StatusCode);
        Assert.Null(old.Headers.Location);
    }

    [Fact]
    public async Task End_session_redirects_to_the_post_logout_uri_and_ends_the_pigp_session()
    {
        await using var server = await StartServerAsync();
        using var browser = new Browser(server);
        var pkce = Pkce.Create();
        var code = await SignInAndGetCodeAsync(browser, "marie.durand", pkce);
        using var token = await RedeemAsync(browser, code, pkce.Verifier);
        var idToken = await ReadIdTokenAsync(token);
        Assert.True(browser.HasSessionCookie);

        // Like the ASP.NET Core OpenID Connect handler: id_token_hint, no client_id.
        using var logout = await browser.Client.GetAsync("connect/logout?" + Query(new()
        {
            ["id_token_hint"] = idToken,
            ["post_logout_redirect_uri"] = PostLogoutRedirectUri,
            ["state"] = "etat-deconnexion",
        }));

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        var location = logout.Headers.Location!;
        Assert.Equal(PostLogoutRedirectUri, location.GetLeftPart(UriPartial.Path));
        Assert.Contains("state=etat-deconnexion", location.Query, StringComparison.Ordinal);
        Assert.False(browser.HasSessionCookie);

        using var authorize = await browser.Client.GetAsync(AuthorizeUrl(Pkce.Create()));
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        Assert.StartsWith("/connexion?returnUrl=", authorize.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task End_session_to_an_unregistered_uri_does_not_redirect_there()
    {
        await using var server = await StartServerAsync();
        using var browser = new Browser(server);

        using var logout = await browser.Client.GetAsync("connect/logout?" + Query(new()
        {
            ["client_id"] = ClientId,
            ["post_logout_redirect_uri"] = "http://evil.example/",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, logout.StatusCode);
        Assert.Null(logout.Headers.Location);
    }

    [Fact]
    public async Task Home_page_links_to_the_portal_and_shows_the_signed_in_agent()
    {
        await using var server = await StartServerAsync();
        using var browser = new Browser(server);

        var anonymous = await browser.Client.GetStringAsync("");
        var anonymousPage = HtmlDocuments.Parse(anonymous);
        Assert.Equal("fr", anonymousPage.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Portail Internet de la Gestion Publique", anonymousPage.Single("h1").ShownText());
        Assert.Contains(anonymousPage.FindAll("a[href='http://localhost:5000/']"), a => a.ShownText() == "Demat. des factures");
        Assert.DoesNotContain("Connecté", anonymous, StringComparison.Ordinal);

        server.SetPortalUrl("http://127.0.0.1:6200/");
        var form = await browser.GetSignInFormAsync("connexion");
        using (var signIn = await browser.PostSignInAsync(form, "marie.durand"))
        {
            Assert.Equal("/", signIn.Headers.Location!.OriginalString);
        }

        var signedIn = await browser.Client.GetStringAsync("");
        var signedInPage = HtmlDocuments.Parse(signedIn);
        Assert.Contains(signedInPage.FindAll("a[href='http://127.0.0.1:6200/']"), a => a.ShownText() == "Demat. des factures");
        Assert.Contains("Connecté : Marie DURAND", signedIn, StringComparison.Ordinal);
        Assert.Contains(signedInPage.FindAll("a"), a => a.ShownText() == "Se déconnecter");
    }

    [Fact]
    public async Task Sign_in_page_has_a_labelled_uid_field_and_lists_the_demo_identities()
    {
        await using var server = await StartServerAsync();
        using var browser = new Browser(server);

        var html = (await browser.GetSignInFormAsync("connexion?returnUrl=%2F")).Html;

        var page = HtmlDocuments.Parse(html);
        Assert.Equal("Identifiant", page.Single("label[for=uid]").ShownText());
        var uid = page.Single("input#uid");
        Assert.Equal("uid", uid.GetAttribute("name"));
        Assert.Equal("username", uid.GetAttribute("autocomplete"));
        Assert.Contains(page.FindAll("button[type=submit]"), b => b.ShownText() == "Se connecter");
        Assert.Contains(page.FindAll("code"), c => c.ShownText() == "marie.durand" && c.NextSibling?.TextContent.StartsWith(" — Marie DURAND", StringComparison.Ordinal) == true);
        Assert.Contains(page.FindAll("code"), c => c.ShownText() == "sophie.bernard" && c.NextSibling?.TextContent.StartsWith(" — Sophie BERNARD", StringComparison.Ordinal) == true);
        Assert.False(string.IsNullOrWhiteSpace(page.Single("head > title").ShownText()));
        Assert.Contains("aucun mot de passe", html, StringComparison.Ordinal);
    }

    private static PigpClient Client() => new(ClientId, ClientSecret, [RedirectUri], [PostLogoutRedirectUri]);

    private static async Task<PigpServer> StartServerAsync(params PigpClient[] clients)
    {
        var server = PigpServer.Create(new PigpOptions
        {
            Urls = "http://127.0.0.1:0",
            Clients = clients.Length > 0 ? [.. clients] : [Client()],
            Identities = [_marie, _sophie],
        });
        await server.StartAsync();
        Assert.NotEqual(0, server.BaseAddress.Port);
        return server;
    }

    private static string AuthorizeUrl(Pkce pkce, string clientId = ClientId, string redirectUri = RedirectUri) =>
        "connect/authorize?" + Query(new()
        {
            ["client_id"] = clientId,
            ["response_type"] = "code",
            ["scope"] = Scope,
            ["redirect_uri"] = redirectUri,
            ["state"] = "etat-de-test",
            ["nonce"] = "nonce-de-test",
            ["code_challenge"] = pkce.Challenge,
            ["code_challenge_method"] = "S256",
        });

    /// <summary>authorize → /connexion → POST uid → authorize again → code on the redirect URI.</summary>
    private static async Task<string> SignInAndGetCodeAsync(Browser browser, string uid, Pkce pkce)
    {
        using var first = await browser.Client.GetAsync(AuthorizeUrl(pkce));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var signInUrl = first.Headers.Location!.OriginalString;
        Assert.StartsWith("/connexion?returnUrl=", signInUrl, StringComparison.Ordinal);

        var form = await browser.GetSignInFormAsync(signInUrl.TrimStart('/'));
        Assert.StartsWith("/connect/authorize?", form.ReturnUrl, StringComparison.Ordinal);
        using var posted = await browser.PostSignInAsync(form, uid);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal(form.ReturnUrl, posted.Headers.Location!.OriginalString);
        Assert.True(browser.HasSessionCookie);

        using var second = await browser.Client.GetAsync(posted.Headers.Location.OriginalString.TrimStart('/'));
        return GetCode(second, RedirectUri);
    }

    private static string GetCode(HttpResponseMessage response, string redirectUri)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(redirectUri, location.GetLeftPart(UriPartial.Path));
        var parameters = ParseQuery(location.Query);
        Assert.Equal("etat-de-test", parameters["state"]);
        return parameters["code"];
    }

    private static Task<HttpResponseMessage> RedeemAsync(
        Browser browser,
        string code,
        string verifier,
        string clientId = ClientId,
        string clientSecret = ClientSecret,
        string redirectUri = RedirectUri) =>
        browser.Client.PostAsync("connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["code_verifier"] = verifier,
            ["client_id"] = clientId,
            ["client_secret"] = clientSecret,
        }));

    private static async Task<string> ReadIdTokenAsync(HttpResponseMessage token)
    {
        var body = await token.Content.ReadAsStringAsync();
        Assert.True(token.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("id_token").GetString()!;
    }

    private static JsonElement ReadJwtPayload(string jwt)
    {
        var parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);
        using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        return document.RootElement.Clone();
    }

    private static string Query(Dictionary<string, string> parameters) =>
        string.Join('&', parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));

    private static Dictionary<string, string> ParseQuery(string query) =>
        query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p.Length > 1 ? p[1].Replace('+', ' ') : string.Empty));

    private sealed record SignInForm(string Html, Dictionary<string, string> Hidden)
    {
        public string ReturnUrl => Hidden["returnUrl"];
    }

    private sealed record Pkce(string Verifier, string Challenge)
    {
        public static Pkce Create()
        {
            var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
            var challenge = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
            return new Pkce(verifier, challenge);
        }
    }

    /// <summary>An HttpClient that keeps cookies and does not follow redirects.</summary>
    private sealed class Browser : IDisposable
    {
        private readonly CookieContainer _cookies = new();
        private readonly Uri _baseAddress;

        public Browser(PigpServer server)
        {
            _baseAddress = server.BaseAddress;
            Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = _cookies, UseCookies = true })
            {
                BaseAddress = server.BaseAddress,
            };
        }

        public HttpClient Client { get; }

        public bool HasSessionCookie => _cookies.GetCookies(_baseAddress).Any(c => c.Name == "Pigp.Session" && !c.Expired);

        public async Task<SignInForm> GetSignInFormAsync(string url)
        {
            using var response = await Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            var hidden = HtmlDocuments.Parse(html).FindAll("input[type=hidden][name]")
                .ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
            Assert.Contains("__RequestVerificationToken", hidden.Keys);
            return new SignInForm(html, hidden);
        }

        public Task<HttpResponseMessage> PostSignInAsync(SignInForm form, string uid)
        {
            var fields = new Dictionary<string, string>(form.Hidden) { ["uid"] = uid };
            return Client.PostAsync("connexion", new FormUrlEncodedContent(fields));
        }

        public void Dispose() => Client.Dispose();
    }
}
