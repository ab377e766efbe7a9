using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ChorusAccount.Pigp;

/// <summary>Minimal API endpoints of the PIGP stand-in.</summary>
internal static class PigpEndpoints
{
    /// <summary>Authentication scheme of the PIGP's own session.</summary>
    public const string SessionScheme = "Pigp.Session";

    /// <summary>Name of the PIGP session cookie (the portal runs on the same host: never a default name).</summary>
    public const string SessionCookieName = "Pigp.Session";

    /// <summary>Name of the PIGP antiforgery cookie.</summary>
    public const string AntiforgeryCookieName = "Pigp.Antiforgery";

    private const string HtmlContentType = "text/html; charset=utf-8";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", HomeAsync);
        app.MapGet("/connexion", SignInPage);
        app.MapPost("/connexion", SignInAsync);
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], (Delegate)AuthorizeAsync);
        app.MapMethods("/connect/userinfo", [HttpMethods.Get, HttpMethods.Post], (Delegate)UserInfoAsync);
        app.MapMethods("/connect/logout", [HttpMethods.Get, HttpMethods.Post], (Delegate)EndSessionAsync);
    }

    private static async Task<IResult> HomeAsync(HttpContext context, PigpState state)
    {
        var agent = await GetSessionAgentAsync(context, state);
        return Html(PigpPages.Home(agent, state.PortalUrl));
    }

    private static IResult SignInPage(HttpContext context, IAntiforgery antiforgery, PigpState state, string? returnUrl)
    {
        return SignInForm(context, antiforgery, state, LocalOrRoot(returnUrl), uid: null, error: null);
    }

    private static async Task<IResult> SignInAsync(
        HttpContext context,
        IAntiforgery antiforgery,
        PigpState state,
        [FromForm(Name = "uid")] string? uid,
        [FromForm(Name = "returnUrl")] string? returnUrl)
    {
        var target = LocalOrRoot(returnUrl);
        if (string.IsNullOrWhiteSpace(uid))
        {
            return SignInForm(context, antiforgery, state, target, uid, "Saisissez votre identifiant.");
        }

        var agent = await state.FindAsync(uid, context.RequestAborted);
        if (agent is null)
        {
            return SignInForm(context, antiforgery, state, target, uid,
                $"Identifiant inconnu : aucun agent ne correspond à « {uid.Trim()} ». Choisissez une identité de démonstration.");
        }

        var identity = new ClaimsIdentity(SessionScheme, PigpClaims.Uid, ClaimTypes.Role);
        identity.AddClaim(new Claim(PigpClaims.Uid, agent.Uid));
        await context.SignInAsync(SessionScheme, new ClaimsPrincipal(identity));
        return Results.Redirect(target);
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext context, PigpState state)
    {
        if (ErrorPage(context) is { } error)
        {
            return error;
        }

        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        var agent = await GetSessionAgentAsync(context, state);
        if (agent is null)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Results.Forbid(
                    new AuthenticationProperties(new Dictionary<string, string?>
                    {
                        [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.LoginRequired,
                        [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "Aucune session PIGP n'est ouverte.",
                    }),
                    [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
            }

            var parameters = HttpMethods.IsPost(context.Request.Method)
                ? QueryString.Create(context.Request.Form)
                : context.Request.QueryString;
            var returnUrl = context.Request.PathBase + context.Request.Path + parameters;
            return Results.Redirect(context.Request.PathBase + "/connexion" + QueryString.Create("returnUrl", returnUrl));
        }

        var identity = PigpClaims.CreateIdentity(request.ClientId!, agent, request.GetScopes());
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> UserInfoAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        if (result.Principal is not { } principal || principal.GetClaim(Claims.Subject) is not { } subject)
        {
            return Results.Challenge(
                new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidToken,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The access token is not valid.",
                }),
                [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var claims = new Dictionary<string, string>(StringComparer.Ordinal) { [Claims.Subject] = subject };
        foreach (var name in PigpClaims.Returned)
        {
            if (principal.GetClaim(name) is { } value)
            {
                claims[name] = value;
            }
        }

        return Results.Json(claims);
    }

    private static async Task<IResult> EndSessionAsync(HttpContext context)
    {
        if (ErrorPage(context) is { } error)
        {
            return error;
        }

        await context.SignOutAsync(SessionScheme);
        // OpenIddict redirects to the validated post_logout_redirect_uri, or to RedirectUri when there is none.
        return Results.SignOut(
            new AuthenticationProperties { RedirectUri = context.Request.PathBase + "/" },
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static IResult SignInForm(HttpContext context, IAntiforgery antiforgery, PigpState state, string returnUrl, string? uid, string? error)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return Html(PigpPages.SignIn(tokens.FormFieldName, tokens.RequestToken!, returnUrl, uid, error, state.Identities));
    }

    /// <summary>With error passthrough, requests OpenIddict rejected without redirecting reach the endpoint: render them.</summary>
    private static IResult? ErrorPage(HttpContext context)
    {
        if (context.GetOpenIddictServerResponse() is { Error: { } error } response)
        {
            return Html(PigpPages.Error(error, response.ErrorDescription), StatusCodes.Status400BadRequest);
        }

        return null;
    }

    private static async Task<PigpIdentity?> GetSessionAgentAsync(HttpContext context, PigpState state)
    {
        var result = await context.AuthenticateAsync(SessionScheme);
        return result.Succeeded ? await state.FindAsync(result.Principal.FindFirst(PigpClaims.Uid)?.Value, context.RequestAborted) : null;
    }

    private static IResult Html(string html, int statusCode = StatusCodes.Status200OK) =>
        Results.Content(html, HtmlContentType, statusCode: statusCode);

    /// <summary>Only local URLs ("/path", not "//host" nor "/\host") are followed; anything else goes home.</summary>
    internal static string LocalOrRoot(string? url)
    {
        if (string.IsNullOrEmpty(url) || url[0] != '/')
        {
            return "/";
        }

        if (url.Length > 1 && (url[1] == '/' || url[1] == '\\'))
        {
            return "/";
        }

        return url.Any(char.IsControl) ? "/" : url;
    }
}
