using System.Security.Claims;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Memberships;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Web.Authentication;

/// <summary>
/// Builds the session principal from the account as it is now: at sign-in, at each re-read of the account
/// (<see cref="SessionValidator"/>, every minute), and when the user changes what the session carries.
/// </summary>
public static class PortalPrincipalFactory
{
    /// <param name="clock">The manager claim holds while a manager membership is in force on the Paris day.</param>
    public static async Task<ClaimsPrincipal> CreateAsync(ChorusAccountDbContext db, User user, TimeProvider clock, CancellationToken ct)
    {
        var manages = await StructureManagers.ManagesAnyAsync(db, user.Id, Core.ParisDate.Today(clock), ct);
        var identity = new ClaimsIdentity(
            [
                new Claim(PortalClaims.UserId, user.Id.ToString()),
                new Claim(PortalClaims.Login, user.Login),
                new Claim(PortalClaims.DisplayName, user.DisplayName),
                new Claim(PortalClaims.Language, user.Language == UserLanguage.English ? "en" : "fr"),
                new Claim(PortalClaims.SecurityStamp, user.SecurityStamp),
                new Claim(PortalClaims.ProfileValidated, user.MustCompleteProfile ? "false" : "true"),
                new Claim(PortalClaims.Manager, manages ? "true" : "false"),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme,
            PortalClaims.DisplayName,
            null);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>
    /// Renews the signed-in user's session from the account now, keeping its properties (absolute end, tokens): after
    /// the user changed what the session carries (language, completion, a membership or a space line that opens
    /// « Activités du gestionnaire »).
    /// </summary>
    public static async Task RefreshSessionAsync(this HttpContext context, ChorusAccountDbContext db, CancellationToken ct)
    {
        var userId = context.User.GetUserId();
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is not null)
        {
            await context.RenewSessionAsync(db, user, ct);
        }
    }

    /// <summary><see cref="RefreshSessionAsync"/> from the account just saved.</summary>
    public static async Task RenewSessionAsync(this HttpContext context, ChorusAccountDbContext db, User user, CancellationToken ct) =>
        await context.SignInAsync(
            await CreateAsync(db, user, context.RequestServices.GetRequiredService<TimeProvider>(), ct), (await context.AuthenticateAsync()).Properties);
}
