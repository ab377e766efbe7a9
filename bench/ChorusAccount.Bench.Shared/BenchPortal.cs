using System.Net;
using ChorusAccount.Testing;

namespace ChorusAccount.Bench.Shared;

/// <summary>
/// The real portal for the web benchmarks: started in this process on Kestrel with its PIGP stand-in, as the
/// integration tests start it, and agents signed in through the stand-in, as a browser signs in.
/// </summary>
public static class BenchPortal
{
    /// <param name="production">The Production environment, as the portal runs for agents (no developer exception page,
    /// HSTS, Data Protection keys under a certificate); it needs HTTPS. False: Development (plain http needs it).</param>
    /// <param name="services">Services added to the portal's (the pages benchmark adds its page ceiling).</param>
    public static PortalHost Start(
        TestDatabase database, IReadOnlyDictionary<string, string?> settings, bool https, bool production = false, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        // Outside a test project, the portal's content root is named explicitly (bin/Release/net10.0 → repository root).
        Environment.SetEnvironmentVariable(
            "ASPNETCORE_TEST_CONTENTROOT_CHORUSACCOUNT_WEB",
            Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/ChorusAccount.Web")));
        var all = new Dictionary<string, string?>(settings);
        if (production)
        {
            const string password = "mot-de-passe-du-banc";
            var folder = Directory.CreateTempSubdirectory("chorus-bench-").FullName;
            all.TryAdd("DataProtection:CertificatePath", TestCertificates.WriteDataProtectionPfx(folder, password));
            all.TryAdd("DataProtection:CertificatePassword", password);
            all.TryAdd("Database:MigrateAtStartup", "true");
            all.TryAdd("Pigp:ClientSecret", "secret-du-banc-pour-le-pigp-embarque");
            all.TryAdd("Session:HttpDevelopmentCookies", "false");
            all.TryAdd("Notifications:PortalBaseUrl", "https://chorus-pro.example/");
            // The agents call the portal by its loopback address, not by the public one.
            all.TryAdd("AllowedHosts", "127.0.0.1");
            // The benchmark signs its agents in through the embedded PIGP stand-in: a public demonstration for the portal.
            all.TryAdd("Demo:PublicInstance", "true");
        }

        return PortalHost.Start(database, all, services, options: new PortalHostOptions { Https = https, Environment = production ? "Production" : null });
    }

    /// <summary>Signs <paramref name="login"/> in through the PIGP stand-in; fails unless the agent lands on the portal, signed in.</summary>
    public static async Task<AgentClient> SignInAsync(this PortalHost host, string login)
    {
        var agent = host.NewAgent();
        var landing = await agent.SignInAsync(login);
        if (landing.Status != HttpStatusCode.OK || landing.Uri.Authority != host.BaseAddress.Authority)
        {
            agent.Dispose();
            throw new InvalidOperationException($"{login} was not signed in: {(int)landing.Status} at {landing.Uri}");
        }

        return agent;
    }

    /// <summary>The Cookie header a browser would send the portal now (read it after the agent's first form: the
    /// antiforgery cookie is set then, and a request without it gets a new one written on every form).</summary>
    public static string CookieHeader(this AgentClient agent, PortalHost host) => agent.Cookies.GetCookieHeader(host.BaseAddress);
}
