using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.DependencyInjection;

namespace ChorusAccount.Web.Tests.Security;

/// <summary>Portals started with the production settings (appsettings.Production.json), for the security tests.</summary>
internal static class SecurityHosts
{
    public const string CertificatePassword = "mot-de-passe-de-test";

    /// <summary>A Production portal on SQLite, its Data Protection keys encrypted with a certificate of the test's,
    /// HSTS sent for 127.0.0.1 too (the framework leaves loopback names out, so that developers' browsers keep no pin).</summary>
    public static PortalHost StartProduction(string folder, IReadOnlyDictionary<string, string?>? settings = null, bool https = true, TestDatabase? database = null, string environment = "Production")
    {
        var all = new Dictionary<string, string?>
        {
            ["DataProtection:CertificatePath"] = TestCertificates.WriteDataProtectionPfx(folder, CertificatePassword),
            ["DataProtection:CertificatePassword"] = CertificatePassword,
            ["Database:MigrateAtStartup"] = "true",
            ["Pigp:ClientSecret"] = "secret-de-test-pour-le-pigp-embarque",
            ["Session:HttpDevelopmentCookies"] = "false",
            ["Notifications:PortalBaseUrl"] = "https://chorus-pro.example/",
            // The tests call the portal by its loopback address, not by the public one (HostFilteringTests leave this unset).
            ["AllowedHosts"] = "127.0.0.1",
            // These hosts sign in through the embedded PIGP stand-in, which Production refuses unless the host says it is a
            // public demonstration (DeploymentSafetyTests show the refusal itself).
            ["Demo:PublicInstance"] = "true",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return PortalHost.Start(
            database ?? TestDatabase.Sqlite(),
            all,
            services => services.Configure<HstsOptions>(o => o.ExcludedHosts.Clear()),
            new PortalHostOptions { Environment = environment, Https = https });
    }

    /// <summary>What starting a portal with these settings throws (null when it starts).</summary>
    public static async Task<Exception?> StartFailureAsync(Func<TestDatabase, PortalHost> start)
    {
        var database = TestDatabase.Sqlite();
        try
        {
            await using var host = start(database);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
        finally
        {
            await database.DisposeAsync();
        }
    }
}
