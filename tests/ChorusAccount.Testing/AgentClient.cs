using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace ChorusAccount.Testing;

/// <summary>An agent's browser without the browser: cookies, redirects followed, forms posted as read.</summary>
public sealed class AgentClient : IDisposable
{
    private readonly PortalHost _host;

    public AgentClient(PortalHost host)
    {
        _host = host;
        Cookies = new CookieContainer();
        Http = new HttpClient(new BrowserRedirects(new SetCookieRecorder(SetCookies, Handler(Cookies)))) { BaseAddress = host.BaseAddress };
        NoRedirect = new HttpClient(new SetCookieRecorder(SetCookies, Handler(Cookies))) { BaseAddress = host.BaseAddress };
    }

    public CookieContainer Cookies { get; }

    /// <summary>Every `Set-Cookie` header received so far, as sent (with its attributes), with the address that sent it.</summary>
    public List<(Uri From, string Header)> SetCookies { get; } = [];
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

    /// <summary>Posts the form as a browser does: with the page it was on as <c>Referer</c> when the form posts to that
    /// page's origin (the portal's <c>Referrer-Policy: same-origin</c>).</summary>
    public async Task<Page> SubmitAsync(HtmlForm form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, form.Action) { Content = form.ToContent() };
        if (form.Page is { } page && Uri.Compare(page, form.Action, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
        {
            request.Headers.Referrer = page;
        }

        using var response = await Http.SendAsync(request);
        return await Page.ReadAsync(response);
    }

    /// <summary>A browser's handler: its cookie jar, and trust in the test portals' certificate only.</summary>
    public static HttpClientHandler Handler(CookieContainer cookies) => new()
    {
        CookieContainer = cookies,
        AllowAutoRedirect = false,
        ServerCertificateCustomValidationCallback = (_, certificate, _, errors) =>
            errors == System.Net.Security.SslPolicyErrors.None || TestCertificates.IsServer(certificate),
    };

    public void Dispose()
    {
        Http.Dispose();
        NoRedirect.Dispose();
    }
}

/// <summary>Follows redirects as a browser does, from the https portal to the http PIGP stand-in too (which HttpClient's
/// own redirects refuse): 301, 302 and 303 turn a POST into a GET, 307 and 308 repeat it.</summary>
public sealed class BrowserRedirects(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private const int MaxRedirects = 20;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        for (var hops = 0; hops < MaxRedirects && IsRedirect(response.StatusCode) && response.Headers.Location is { } location; hops++)
        {
            var keepsMethod = response.StatusCode is HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;
            var next = new HttpRequestMessage(keepsMethod ? request.Method : HttpMethod.Get, new Uri(request.RequestUri!, location));
            // A browser keeps its User-Agent across redirects (the sign-in's callback records it for « Mes sessions »).
            foreach (var product in request.Headers.UserAgent)
            {
                next.Headers.UserAgent.Add(product);
            }

            if (keepsMethod && request.Content is not null)
            {
                next.Content = request.Content;
            }

            response.Dispose();
            request = next;
            response = await base.SendAsync(request, cancellationToken);
        }

        return response;
    }

    private static bool IsRedirect(HttpStatusCode status) => (int)status is 301 or 302 or 303 or 307 or 308;
}

/// <summary>Keeps each `Set-Cookie` header as it came, attributes included (the cookie jar keeps only some).</summary>
public sealed class SetCookieRecorder(List<(Uri From, string Header)> received, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var headers))
        {
            lock (received)
            {
                received.AddRange(headers.Select(h => (request.RequestUri!, h)));
            }
        }

        return response;
    }
}

/// <summary>A page as it finally arrived, after redirects.</summary>
public sealed record Page(HttpStatusCode Status, Uri Uri, string Html)
{
    private IHtmlDocument? _document;

    public static async Task<Page> ReadAsync(HttpResponseMessage response) =>
        new(response.StatusCode, response.RequestMessage!.RequestUri!, await response.Content.ReadAsStringAsync());

    /// <summary>The page parsed once (see <see cref="HtmlDocuments"/>): query it by CSS selector.</summary>
    public IHtmlDocument Document => _document ??= HtmlDocuments.Parse(Html);

    /// <summary>The elements matching <paramref name="selector"/>, in document order.</summary>
    public IReadOnlyList<IElement> FindAll(string selector) => Document.FindAll(selector);

    /// <summary>The one element matching <paramref name="selector"/>; fails when there is none or more than one.</summary>
    public IElement Single(string selector) => Document.Single(selector);

    /// <summary>True when at least one element matches <paramref name="selector"/>.</summary>
    public bool Has(string selector) => Document.QuerySelector(selector) is not null;

    public HtmlForm Form(string? actionSuffix = null) => HtmlForm.Parse(Document, Uri, actionSuffix);

    public bool Contains(string text) => System.Net.WebUtility.HtmlDecode(Html).Contains(text, StringComparison.Ordinal);
}
