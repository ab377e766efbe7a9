using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Data;
using ChorusAccount.Web.Configuration;
using ChorusAccount.Web.Security;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ChorusAccount.Web.Authentication;

public static class AuthenticationSetup
{
    /// <summary>`__Host-`: the browser keeps it only if it is Secure, for the whole site (Path=/), and for this host alone.</summary>
    public const string SessionCookieName = "__Host-ChorusAccount.Session";

    /// <summary>The name under the development exception (`Session:HttpDevelopmentCookies`), plain http allowed.</summary>
    public const string DevelopmentSessionCookieName = "ChorusAccount.Session";

    public static IServiceCollection AddPortalAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var sso = configuration.GetSection(PigpSsoOptions.Section).Get<PigpSsoOptions>() ?? new PigpSsoOptions();
        var session = configuration.GetSection(PortalSessionOptions.Section).Get<PortalSessionOptions>() ?? new PortalSessionOptions();
        if (sso.Embedded)
        {
            services.AddSingleton<EmbeddedPigp>();
            services.AddHostedService(sp => sp.GetRequiredService<EmbeddedPigp>());
        }

        services
            .AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(o =>
            {
                // No expiry on the cookie itself: closing the browser ends the session, as in Chorus Pro.
                o.Cookie.Name = session.HttpDevelopmentCookies ? DevelopmentSessionCookieName : SessionCookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurity.Policy(session);
                o.ExpireTimeSpan = session.IdleTimeout;
                o.SlidingExpiration = true;
                o.AccessDeniedPath = "/acces-refuse";
                o.Events.OnValidatePrincipal = SessionValidator.ValidatePrincipal;
            })
            .AddOpenIdConnect(o =>
            {
                o.Authority = sso.Authority;
                o.ClientId = sso.ClientId;
                o.ClientSecret = sso.SecretInUse;
                o.RequireHttpsMetadata = sso.RequireHttpsMetadata;
                o.ResponseType = OpenIdConnectResponseType.Code;
                o.ResponseMode = OpenIdConnectResponseMode.Query;
                o.UsePkce = true;
                o.MapInboundClaims = false;
                // Only the id_token is kept (for the PIGP sign-out hint, see SignInEvents): a small cookie.
                o.SaveTokens = false;
                o.GetClaimsFromUserInfoEndpoint = false;
                o.Scope.Clear();
                foreach (var scope in new[] { "openid", "given_name", "usual_name", "email", "uid", "siret" })
                {
                    o.Scope.Add(scope);
                }

                o.CallbackPath = "/signin-oidc";
                o.SignedOutCallbackPath = "/signout-callback-oidc";
                o.SignedOutRedirectUri = "/deconnecte";
                // The answer comes back as a top-level GET (query mode): Lax is enough, and works over plain http.
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                o.CorrelationCookie.SecurePolicy = CookieSecurity.Policy(session);
                o.NonceCookie.SameSite = SameSiteMode.Lax;
                o.NonceCookie.SecurePolicy = CookieSecurity.Policy(session);
                o.Events.OnTokenValidated = SignInEvents.OnTokenValidated;
                o.Events.OnRemoteFailure = SignInEvents.OnRemoteFailure;
                o.Events.OnRedirectToIdentityProvider = ExpiredSessionPosts.OnRedirectToIdentityProvider;
                o.Events.OnTicketReceived = ExpiredSessionPosts.OnTicketReceived;
            });

        if (sso.Embedded)
        {
            // The stand-in's address is known only once it listens, before the first challenge reads these options.
            services.AddOptions<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme)
                .Configure<EmbeddedPigp>((o, pigp) =>
                {
                    o.Authority = pigp.Authority.ToString();
                    o.RequireHttpsMetadata = false;
                });
        }

        services.AddScoped(sp =>
        {
            var lifetime = sp.GetRequiredService<IOptions<PortalSessionOptions>>().Value;
            return new UserSessions(sp.GetRequiredService<ChorusAccountDbContext>(), sp.GetRequiredService<TimeProvider>(), lifetime.IdleTimeout, lifetime.AbsoluteTimeout);
        });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(OperatorPolicy.Name, OperatorPolicy.Build());
        services.AddSingleton<IAuthorizationHandler, OperatorHandler>();
        return services;
    }
}
