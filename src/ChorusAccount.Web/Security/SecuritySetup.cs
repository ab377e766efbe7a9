using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace ChorusAccount.Web.Security;

/// <summary>What the portal does for its safety on the internet, in one place: cookies, forwarded headers from the
/// TLS reverse proxy, HSTS and the other response headers, rate limits, the Data Protection keys, and the log of the
/// requests it forbids (<see cref="SecurityEvents"/>).</summary>
public static class SecuritySetup
{
    public static IServiceCollection AddPortalSecurity(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddPortalCookies(configuration, environment);
        services.AddPortalDataProtection(configuration);
        services.AddPortalRateLimiting(configuration);
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, LoggedAccessDenials>();

        var proxies = configuration.GetSection(ReverseProxyOptions.Section).Get<ReverseProxyOptions>() ?? new ReverseProxyOptions();
        services.AddOptions<ReverseProxyOptions>().Bind(configuration.GetSection(ReverseProxyOptions.Section))
            .Validate(o => o.IsValid(), "ReverseProxy: KnownProxies must be IP addresses and KnownNetworks CIDR networks (10.0.0.0/24).")
            .ValidateOnStart();
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            if (!proxies.IsValid() || proxies.KnownProxies.Count + proxies.KnownNetworks.Count == 0)
            {
                return; // the framework's default: loopback only
            }

            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in proxies.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return services;
    }

    /// <summary>First in the pipeline: the scheme and client address from the proxy, then the headers of every response.</summary>
    public static WebApplication UsePortalSecurity(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseMiddleware<SecurityHeaders>();
        return app;
    }
}
