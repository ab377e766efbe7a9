using System.Security.Claims;
using ChorusAccount.Core.Accounts;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace ChorusAccount.Web.Authentication;

/// <summary>Builds the session principal from the account as it is now.</summary>
public static class PortalPrincipalFactory
{
    public static ClaimsPrincipal Create(User user)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(PortalClaims.UserId, user.Id.ToString()),
                new Claim(PortalClaims.Login, user.Login),
                new Claim(PortalClaims.DisplayName, user.DisplayName),
                new Claim(PortalClaims.Language, user.Language == UserLanguage.English ? "en" : "fr"),
                new Claim(PortalClaims.SecurityStamp, user.SecurityStamp),
                new Claim(PortalClaims.ProfileValidated, user.MustCompleteProfile ? "false" : "true"),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme,
            PortalClaims.DisplayName,
            null);
        return new ClaimsPrincipal(identity);
    }
}
