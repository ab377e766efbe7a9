using ChorusAccount.Core.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace ChorusAccount.Web.Authentication;

/// <summary>
/// The session's row (<see cref="UserSession"/>) named in the session cookie: its id travels in the cookie's
/// properties (protected with the rest), kept when the session is renewed, and checked at every signed-in request
/// (<see cref="SessionValidator"/>).
/// </summary>
public static class CurrentSession
{
    /// <summary>Where the session's id is kept in the cookie's properties.</summary>
    public const string Item = "chorus:session";

    public static Guid? IdOf(AuthenticationProperties? properties) =>
        properties?.Items.TryGetValue(Item, out var value) == true && Guid.TryParse(value, out var id) ? id : null;

    /// <summary>The signed-in request's session id (the cookie's authentication is read once per request, then cached).</summary>
    public static async Task<Guid?> CurrentSessionIdAsync(this HttpContext http) =>
        IdOf((await http.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme)).Properties);
}
