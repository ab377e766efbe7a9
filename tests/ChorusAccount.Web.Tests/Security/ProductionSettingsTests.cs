using System.Net;
using ChorusAccount.Web.Authentication;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Web.Tests.Security;

/// <summary>The portal as production runs it (appsettings.Production.json): HSTS, `__Host-` cookies, Data Protection keys
/// encrypted with a certificate, the development exceptions refused; and behind a TLS reverse proxy.</summary>
public sealed class ProductionSettingsTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("chorus-security-").FullName;
    private PortalHost _host = default!;

    public Task InitializeAsync()
    {
        _host = SecurityHosts.StartProduction(_folder);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Over_https_every_response_carries_HSTS_and_the_cookies_are_Host_prefixed()
    {
        var user = await _host.CreateUserAsync();
        using var agent = _host.NewAgent();
        var home = await agent.SignInAsync(user.Login);
        Assert.Equal(HttpStatusCode.OK, home.Status);

        foreach (var path in new[] { "/", "/mon-compte", "/nulle-part", "/css/site.css" })
        {
            using var response = await agent.NoRedirect.GetAsync(path);
            Assert.Equal("max-age=31536000", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
            SecurityAssert.HasPortalHeaders(response, path);
        }

        var cookies = SecurityAssert.PortalCookies(agent, _host);
        Assert.Contains(cookies, c => c.StartsWith(AuthenticationSetup.SessionCookieName + "=", StringComparison.Ordinal));
        Assert.All(cookies.Where(c => c.StartsWith(AuthenticationSetup.SessionCookieName + "=", StringComparison.Ordinal)), c => SecurityAssert.HostCookie(c, "lax"));
        SecurityAssert.AllSecure(cookies);
    }

    [Fact]
    public async Task The_data_protection_keys_are_stored_encrypted_with_the_certificate()
    {
        var user = await _host.CreateUserAsync();
        using var agent = _host.NewAgent();
        await agent.SignInAsync(user.Login);

        var keys = await _host.WithDbAsync(db => db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml!).ToListAsync());

        Assert.NotEmpty(keys);
        foreach (var xml in keys)
        {
            Assert.Contains("<encryptedSecret decryptorType=\"Microsoft.AspNetCore.DataProtection.XmlEncryption.EncryptedXmlDecryptor", xml);
            Assert.Contains("<X509Certificate>", xml);
            // An unencrypted key keeps its secret in <masterKey><value>…</value>.
            Assert.DoesNotContain("<value>", xml);
        }
    }

    [Fact]
    public async Task The_development_cookie_exception_is_refused_outside_Development()
    {
        var failure = await SecurityHosts.StartFailureAsync(db =>
            SecurityHosts.StartProduction(_folder, new Dictionary<string, string?> { ["Session:HttpDevelopmentCookies"] = "true" }, database: db));

        Assert.NotNull(failure);
        Assert.Contains("Session:HttpDevelopmentCookies is allowed in the Development environment only.", failure.ToString());
    }

    [Fact]
    public async Task The_certificate_password_can_come_from_a_secret_file_and_nowhere_else()
    {
        // As docker-compose.yml mounts it: /run/secrets/dataprotection-password, one line.
        var passwordFile = Path.Combine(_folder, "dataprotection-password");
        await File.WriteAllTextAsync(passwordFile, SecurityHosts.CertificatePassword + "\n");
        await using (var host = SecurityHosts.StartProduction(_folder, new Dictionary<string, string?>
        {
            ["DataProtection:CertificatePassword"] = "",
            ["DataProtection:CertificatePasswordFile"] = passwordFile,
        }))
        {
            var user = await host.CreateUserAsync();
            using var agent = host.NewAgent();
            Assert.Equal(HttpStatusCode.OK, (await agent.SignInAsync(user.Login)).Status);
            Assert.NotEmpty(await host.WithDbAsync(db => db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml!).ToListAsync()));
        }

        // A wrong password in the file, a missing file, or both settings: the portal does not start.
        await File.WriteAllTextAsync(passwordFile, "pas-le-bon-mot-de-passe\n");
        var wrong = await SecurityHosts.StartFailureAsync(db => SecurityHosts.StartProduction(_folder, new Dictionary<string, string?>
        {
            ["DataProtection:CertificatePassword"] = "",
            ["DataProtection:CertificatePasswordFile"] = passwordFile,
        }, database: db));
        Assert.Contains("cannot be read", wrong?.ToString());
        var missing = await SecurityHosts.StartFailureAsync(db => SecurityHosts.StartProduction(_folder, new Dictionary<string, string?>
        {
            ["DataProtection:CertificatePassword"] = "",
            ["DataProtection:CertificatePasswordFile"] = Path.Combine(_folder, "absent"),
        }, database: db));
        Assert.Contains("DataProtection:CertificatePasswordFile", missing?.ToString());
        var both = await SecurityHosts.StartFailureAsync(db => SecurityHosts.StartProduction(_folder, new Dictionary<string, string?>
        {
            ["DataProtection:CertificatePasswordFile"] = passwordFile,
        }, database: db));
        Assert.Contains("not both", both?.ToString());
    }

    [Fact]
    public async Task Production_refuses_to_start_without_a_certificate_for_the_keys()
    {
        var failure = await SecurityHosts.StartFailureAsync(db =>
            SecurityHosts.StartProduction(_folder, new Dictionary<string, string?> { ["DataProtection:CertificatePath"] = "" }, database: db));

        Assert.NotNull(failure);
        Assert.Contains("DataProtection:CertificatePath is required", failure.ToString());
    }
}
