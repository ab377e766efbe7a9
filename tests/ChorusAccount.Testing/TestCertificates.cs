using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ChorusAccount.Testing;

/// <summary>Self-signed certificates made on the spot: the test portals' HTTPS, and Data Protection key encryption.</summary>
public static class TestCertificates
{
    private static readonly Lazy<X509Certificate2> _server = new(() => Create("CN=localhost", server: true));

    /// <summary>The test portals' TLS certificate (localhost, 127.0.0.1), trusted by <see cref="AgentClient"/> alone.</summary>
    public static X509Certificate2 Server => _server.Value;

    public static bool IsServer(X509Certificate2? certificate) => certificate?.Thumbprint == Server.Thumbprint;

    /// <summary>Writes a new PKCS#12 file (certificate and private key) for Data Protection and returns its path.</summary>
    public static string WriteDataProtectionPfx(string folder, string password)
    {
        using var certificate = Create("CN=ChorusAccount Data Protection (test)", server: false);
        var path = Path.Combine(folder, $"dataprotection-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        return path;
    }

    private static X509Certificate2 Create(string subject, bool server)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        }

        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        // Through PKCS#12 so that the private key is usable by TLS on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
