using ChorusAccount.Web.Authentication;
using Microsoft.AspNetCore.Localization;

namespace ChorusAccount.Web.Localization;

/// <summary>The UI language is the user's « Langue » parameter, carried in its session; French otherwise.</summary>
public sealed class UserLanguageCultureProvider : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var language = httpContext.User.FindFirst(PortalClaims.Language)?.Value;
        return Task.FromResult(language switch
        {
            "en" => new ProviderCultureResult(LocalizationSetup.English.Name),
            "fr" => new ProviderCultureResult(LocalizationSetup.French.Name),
            _ => null,
        });
    }
}
