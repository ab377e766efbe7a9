using ChorusAccount.Web.Configuration;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ChorusAccount.Web.Security;

/// <summary>What each cookie of the portal is for (« Gestion des cookies »): <c>Cookies.Purpose.{kind}</c> and
/// <c>Cookies.Lifetime.{kind}</c> in the resources.</summary>
public enum PortalCookieKind
{
    Session,
    Antiforgery,
    Messages,
    Correlation,
    Nonce,
}

/// <summary>One cookie the portal sets. <paramref name="NameIsPrefix"/>: the name goes on with a random identifier, one
/// cookie per sign-in under way. <paramref name="Lifetime"/>: its expiry, null for a cookie that ends with the browser.</summary>
public sealed record PortalCookie(PortalCookieKind Kind, string Name, bool NameIsPrefix, TimeSpan? Lifetime);

/// <summary>
/// The cookies the portal sets, read from the options that name them, so that « Gestion des cookies » lists the names
/// the portal really uses (the `__Host-` ones, or their development names). All of them are strictly necessary: the
/// session, the antiforgery token, the message shown after an action, and the two cookies of a sign-in under way.
/// </summary>
public sealed class PortalCookies(
    IOptionsMonitor<CookieAuthenticationOptions> session,
    IOptionsMonitor<OpenIdConnectOptions> sso,
    IOptions<AntiforgeryOptions> antiforgery,
    IOptions<CookieTempDataProviderOptions> messages,
    IOptions<PortalSessionOptions> lifetime)
{
    /// <summary>How long a session lasts on the server, whatever its cookie: idle, then absolute.</summary>
    public PortalSessionOptions SessionLifetime => lifetime.Value;

    public IReadOnlyList<PortalCookie> All()
    {
        var signIn = sso.Get(OpenIdConnectDefaults.AuthenticationScheme);
        return
        [
            new(PortalCookieKind.Session, session.Get(CookieAuthenticationDefaults.AuthenticationScheme).Cookie.Name!, false, null),
            new(PortalCookieKind.Antiforgery, antiforgery.Value.Cookie.Name!, false, null),
            new(PortalCookieKind.Messages, messages.Value.Cookie.Name!, false, null),
            new(PortalCookieKind.Correlation, signIn.CorrelationCookie.Name!, true, signIn.RemoteAuthenticationTimeout),
            new(PortalCookieKind.Nonce, signIn.NonceCookie.Name!, true, signIn.ProtocolValidator.NonceLifetime),
        ];
    }
}
