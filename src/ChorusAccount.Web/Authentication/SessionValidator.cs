using System.Globalization;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Data;
using ChorusAccount.Web.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChorusAccount.Web.Authentication;

/// <summary>Ends sessions past their absolute lifetime or whose row is gone (ended on the server: « Se déconnecter »,
/// « Mes sessions »), and re-reads the account now and then so that a deactivated user (or a changed security stamp) loses
/// its sessions within the revalidation interval.</summary>
public static class SessionValidator
{
    private const string CheckedAtItem = "chorus:checked_at";

    public static async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var options = services.GetRequiredService<IOptions<PortalSessionOptions>>().Value;

        if (!context.Properties.Items.TryGetValue(SignInEvents.AbsoluteExpiryItem, out var absolute)
            || !DateTimeOffset.TryParse(absolute, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var absoluteExpiry)
            || now >= absoluteExpiry)
        {
            await RejectAsync(context);
            return;
        }

        var principal = context.Principal!;
        var ct = context.HttpContext.RequestAborted;
        // A cookie written before the user id was the session's subject, or before sessions were kept on the server, names
        // no user or no session: it is ended like any stale one.
        if (!Guid.TryParse(principal.FindFirst(PortalClaims.UserId)?.Value, out var userId) || CurrentSession.IdOf(context.Properties) is not { } sessionId)
        {
            await RejectAsync(context);
            return;
        }

        // Every request: the session's row is still there (not ended by « Se déconnecter » or from « Mes sessions »).
        var sessions = services.GetRequiredService<UserSessions>();
        if (!await sessions.IsInForceAsync(sessionId, userId, ct))
        {
            await RejectAsync(context);
            return;
        }

        if (context.Properties.Items.TryGetValue(CheckedAtItem, out var checkedAt)
            && DateTimeOffset.TryParse(checkedAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var lastCheck)
            && now - lastCheck < options.RevalidationInterval)
        {
            return;
        }

        var db = services.GetRequiredService<ChorusAccountDbContext>();
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null || !user.IsActive || user.SecurityStamp != principal.FindFirst(PortalClaims.SecurityStamp)?.Value)
        {
            // A deactivated account has no session left; a renewed stamp (deactivated, then active again) ends this one.
            if (user is null || !user.IsActive)
            {
                await sessions.EndAllAsync(userId, ct);
            }
            else
            {
                await sessions.EndAsync(userId, sessionId, ct);
            }

            await RejectAsync(context);
            return;
        }

        context.ReplacePrincipal(await PortalPrincipalFactory.CreateAsync(db, user, services.GetRequiredService<TimeProvider>(), ct));
        context.Properties.Items[CheckedAtItem] = now.ToString("O");
        context.ShouldRenew = true;
    }

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }
}
