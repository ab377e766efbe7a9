using System.Net;

namespace ChorusAccount.Web.Tests.Infrastructure;

/// <summary>An agent's browser without the browser: cookies, redirects followed, forms posted as read.</summary>
public sealed class AgentClient : IDisposable
{
    private readonly PortalHost _host;

    public AgentClient(PortalHost host)
    {
        _host = host;
        Cookies = new CookieContainer();
        Http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = true, MaxAutomaticRedirections = 20 })
        {
            BaseAddress = host.BaseAddress,
        };
        NoRedirect = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
    }

    public CookieContainer Cookies { get; }
    public HttpClient Http { get; }

    /// <summary>Shares the cookies, but stops at the first redirect.</summary>
    public HttpClient NoRedirect { get; }

    /// <summary>Opens the portal, is sent to the PIGP, signs in there as <paramref name="login"/>, and comes back.</summary>
    public async Task<Page> SignInAsync(string login)
    {
        var pigpPage = await GetAsync("/");
        if (!pigpPage.Uri.AbsolutePath.StartsWith("/connexion", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Expected the PIGP sign-in page, got {pigpPage.Uri}");
        }

        var form = HtmlForm.Parse(pigpPage.Html, pigpPage.Uri, "/connexion").Set("uid", login);
        return await SubmitAsync(form);
    }

    public async Task<Page> GetAsync(string pathOrUrl)
    {
        using var response = await Http.GetAsync(pathOrUrl);
        return await Page.ReadAsync(response);
    }

    public async Task<Page> SubmitAsync(HtmlForm form)
    {
        using var response = await Http.PostAsync(form.Action, form.ToContent());
        return await Page.ReadAsync(response);
    }

    public void Dispose()
    {
        Http.Dispose();
        NoRedirect.Dispose();
    }
}

/// <summary>A page as it finally arrived, after redirects.</summary>
public sealed record Page(HttpStatusCode Status, Uri Uri, string Html)
{
    public static async Task<Page> ReadAsync(HttpResponseMessage response) =>
        new(response.StatusCode, response.RequestMessage!.RequestUri!, await response.Content.ReadAsStringAsync());

    public HtmlForm Form(string? actionSuffix = null) => HtmlForm.Parse(Html, Uri, actionSuffix);

    public bool Contains(string text) => System.Net.WebUtility.HtmlDecode(Html).Contains(text, StringComparison.Ordinal);
}
