using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace ChorusAccount.Web.Security;

/// <summary>The headers every portal response carries. A response that set its own policy keeps it (a document's sandbox).</summary>
public sealed class SecurityHeaders(RequestDelegate next, IOptionsMonitor<OpenIdConnectOptions> sso)
{
    private string? _policy;

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            if (!headers.ContainsKey("Content-Security-Policy"))
            {
                headers.ContentSecurityPolicy = Policy();
            }

            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            return Task.CompletedTask;
        });
        return next(context);
    }

    /// <summary>No inline script or style (the DSFR needs none), nothing framed, forms posted to the portal only — and to
    /// the SSO, where « Se déconnecter » is redirected (browsers apply form-action to the redirects that follow a POST).</summary>
    public static string ContentSecurityPolicy(string? ssoOrigin) =>
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        + "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
        + $"form-action 'self'{(ssoOrigin is null ? "" : " " + ssoOrigin)}";

    // The embedded stand-in's address is known only once it listens: read at a response, kept once known.
    private string Policy()
    {
        if (_policy is not null)
        {
            return _policy;
        }

        string? origin;
        try
        {
            origin = Uri.TryCreate(sso.Get(OpenIdConnectDefaults.AuthenticationScheme).Authority, UriKind.Absolute, out var authority)
                ? authority.GetLeftPart(UriPartial.Authority)
                : null;
        }
        catch (InvalidOperationException)
        {
            // The embedded stand-in is not listening yet (a health probe during start-up).
            return ContentSecurityPolicy(null);
        }

        return _policy = ContentSecurityPolicy(origin);
    }
}
