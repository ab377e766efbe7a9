using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Data;
using ChorusAccount.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ChorusAccount.Web.Authentication;

/// <summary>Turns a PIGP sign-in into a portal session, or into a clear refusal page.</summary>
public static class SignInEvents
{
    /// <summary>Where the session's absolute end is kept in the cookie's properties.</summary>
    public const string AbsoluteExpiryItem = "chorus:absolute_expiry";

    public static async Task OnTokenValidated(TokenValidatedContext context)
    {
        // `sub` differs per relying party: the MADRHAS login identifier (`uid`) is the key.
        var login = context.Principal?.FindFirst("uid")?.Value;
        var services = context.HttpContext.RequestServices;
        var db = services.GetRequiredService<ChorusAccountDbContext>();
        var user = string.IsNullOrEmpty(login) ? null : await db.Users.SingleOrDefaultAsync(u => u.Login == login, context.HttpContext.RequestAborted);
        if (user is null || !user.IsActive)
        {
            var reason = user is null ? "inconnu" : "desactive";
            SecurityEvents.LogSignInRefused(context.HttpContext, reason, user?.Id, login);
            context.HandleResponse();
            context.Response.Redirect($"/acces-refuse?motif={reason}");
            return;
        }

        var clock = services.GetRequiredService<TimeProvider>();
        var session = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Configuration.PortalSessionOptions>>().Value;
        var now = clock.GetUtcNow();
        user.LastSignInAt = now.UtcDateTime;
        // The session kept on the server (« Mes sessions »): the cookie is worth something only while this row is there.
        // Saved with the account's sign-in date, in one SaveChanges.
        var userSession = await services.GetRequiredService<UserSessions>().StartAsync(
            user, context.Request.Headers.UserAgent.ToString(), context.HttpContext.Connection.RemoteIpAddress, now, context.HttpContext.RequestAborted);

        context.Principal = await PortalPrincipalFactory.CreateAsync(db, user, clock, context.HttpContext.RequestAborted);
        SecurityEvents.LogSignIn(context.HttpContext, user.Id);
        context.Properties ??= new AuthenticationProperties();
        context.Properties.IsPersistent = false;
        context.Properties.Items[AbsoluteExpiryItem] = now.Add(session.AbsoluteTimeout).ToString("O");
        context.Properties.Items[CurrentSession.Item] = userSession.Id.ToString();
        if (context.TokenEndpointResponse?.IdToken is { } idToken)
        {
            context.Properties.StoreTokens([new AuthenticationToken { Name = OpenIdConnectParameterNames.IdToken, Value = idToken }]);
        }
    }

    public static Task OnRemoteFailure(RemoteFailureContext context)
    {
        SecurityEvents.LogSignInFailed(context.HttpContext, context.Failure);
        context.HandleResponse();
        context.Response.Redirect("/acces-refuse?motif=echec");
        return Task.CompletedTask;
    }
}
