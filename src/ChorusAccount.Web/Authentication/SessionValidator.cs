using System.Globalization;
using ChorusAccount.Core.Data;
using ChorusAccount.Web.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChorusAccount.Web.Authentication;

/// <summary>Ends sessions past their absolute lifetime, and re-reads the account now and then so that a
/// deactivated user (or a changed security stamp) loses its session within the revalidation interval.</summary>
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

        if (context.Properties.Items.TryGetValue(CheckedAtItem, out var checkedAt)
            && DateTimeOffset.TryParse(checkedAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var lastCheck)
            && now - lastCheck < options.RevalidationInterval)
        {
            return;
        }

        var principal = context.Principal!;
        var db = services.GetRequiredService<ChorusAccountDbContext>();
        // A cookie written before the user id was the session's subject has no id: it is ended like any stale one.
        if (!Guid.TryParse(principal.FindFirst(PortalClaims.UserId)?.Value, out var userId))
        {
            await RejectAsync(context);
            return;
        }

        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, context.HttpContext.RequestAborted);
        if (user is null || !user.IsActive || user.SecurityStamp != principal.FindFirst(PortalClaims.SecurityStamp)?.Value)
        {
            await RejectAsync(context);
            return;
        }

        context.ReplacePrincipal(await PortalPrincipalFactory.CreateAsync(db, user, services.GetRequiredService<TimeProvider>(), context.HttpContext.RequestAborted));
        context.Properties.Items[CheckedAtItem] = now.ToString("O");
        context.ShouldRenew = true;
    }

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }
}
