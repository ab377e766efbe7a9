using ChorusAccount.Web.Configuration;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace ChorusAccount.Web.Security;

/// <summary>Every cookie the portal sets is Secure and HttpOnly; those valid for the whole site also carry `__Host-`.
/// Only the development exception (`Session:HttpDevelopmentCookies`) lets them travel over plain http.</summary>
public static class CookieSecurity
{
    public const string AntiforgeryCookieName = "__Host-ChorusAccount.Antiforgery";
    public const string TempDataCookieName = "__Host-ChorusAccount.Messages";

    public static CookieSecurePolicy Policy(PortalSessionOptions session) =>
        session.HttpDevelopmentCookies ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;

    public static IServiceCollection AddPortalCookies(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var session = configuration.GetSection(PortalSessionOptions.Section).Get<PortalSessionOptions>() ?? new PortalSessionOptions();
        services.AddOptions<PortalSessionOptions>()
            .Validate(o => !o.HttpDevelopmentCookies || environment.IsDevelopment(), "Session:HttpDevelopmentCookies is allowed in the Development environment only.");

        string Name(string name) => session.HttpDevelopmentCookies ? name["__Host-".Length..] : name;
        services.Configure<AntiforgeryOptions>(o =>
        {
            o.Cookie.Name = Name(AntiforgeryCookieName);
            o.Cookie.SecurePolicy = Policy(session);
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
            o.Cookie.Path = "/";
        });
        services.Configure<CookieTempDataProviderOptions>(o =>
        {
            o.Cookie.Name = Name(TempDataCookieName);
            o.Cookie.SecurePolicy = Policy(session);
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.HttpOnly = true;
            o.Cookie.Path = "/";
        });
        // Before MVC's own registration, which adds its provider only when none is there.
        services.AddSingleton<CookieTempDataProvider>();
        services.AddSingleton<ITempDataProvider, MessagesTempDataProvider>();
        services.AddSingleton<PortalCookies>();
        return services;
    }
}
