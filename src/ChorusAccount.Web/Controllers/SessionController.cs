using ChorusAccount.Core.Accounts;
using ChorusAccount.Web.Authentication;
using ChorusAccount.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ChorusAccount.Web.Controllers;

/// <summary>Sign-out (portal and PIGP), and the pages shown to those the portal does not let in.</summary>
public sealed class SessionController : Controller
{
    /// <summary>« Se déconnecter ».</summary>
    public const string SignOutPath = "/deconnexion";

    /// <summary>Where « Se déconnecter » ends.</summary>
    public const string SignedOutPath = "/deconnecte";

    [HttpPost(SignOutPath)]
    [Infrastructure.AllowIncompleteProfile]
    public async Task<IActionResult> SignOutEverywhere([FromServices] UserSessions sessions, CancellationToken ct)
    {
        // The session's row goes first: a copy of the cookie, taken before, is dead from now on.
        if (await HttpContext.CurrentSessionIdAsync() is { } sessionId)
        {
            await sessions.EndAsync(User.GetUserId(), sessionId, ct);
        }

        SecurityEvents.LogSignOut(HttpContext);
        return SignOut(new AuthenticationProperties { RedirectUri = SignedOutPath }, CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme);
    }

    [HttpGet(SignedOutPath)]
    [AllowAnonymous]
    public IActionResult SignedOut() => View();

    /// <summary>motif: inconnu (no account from MADRHAS), desactive (deactivated), echec (the sign-in failed).</summary>
    [HttpGet("/acces-refuse")]
    [AllowAnonymous]
    public IActionResult AccessDenied(string? motif)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View(model: motif is "inconnu" or "desactive" or "echec" ? motif : "interdit");
    }
}
