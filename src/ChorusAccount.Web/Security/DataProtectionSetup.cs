using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ChorusAccount.Core.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace ChorusAccount.Web.Security;

/// <summary>The keys that protect cookies and antiforgery tokens: in the database, shared by every node, and encrypted
/// there with an X.509 certificate when one is configured (required in production). See ADR-010.</summary>
public static class DataProtectionSetup
{
    public const string ApplicationName = "ChorusAccount";

    public static IServiceCollection AddPortalDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(DataProtectionKeyOptions.Section);
        var options = section.Get<DataProtectionKeyOptions>() ?? new DataProtectionKeyOptions();
        services.AddOptions<DataProtectionKeyOptions>().Bind(section)
            .Validate(o => !o.RequireCertificate || !string.IsNullOrWhiteSpace(o.CertificatePath),
                "DataProtection:CertificatePath is required (DataProtection:RequireCertificate is true): the keys must not be stored unencrypted.")
            .ValidateOnStart();

        var builder = services.AddDataProtection().SetApplicationName(ApplicationName).PersistKeysToDbContext<ChorusAccountDbContext>();
        if (!string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            var password = options.ReadPassword();
            var current = Load(options.CertificatePath, password);
            var retired = options.RetiredCertificatePaths.Select(p => Load(p, password));
            // Decryption looks the certificate up by thumbprint among these (not in a machine store, which Linux lacks).
            builder.ProtectKeysWithCertificate(current).UnprotectKeysWithAnyCertificate([current, .. retired]);
        }

        return services;
    }

    /// <summary>A refused setting, said in one line at start-up like the options' checks (DeploymentSafety.RefusalLine).</summary>
    internal static OptionsValidationException Refused(string message) =>
        new(DataProtectionKeyOptions.Section, typeof(DataProtectionKeyOptions), [message]);

    private static X509Certificate2 Load(string path, string? password)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw Refused($"DataProtection: the certificate {path} cannot be read (DataProtection:CertificatePath, DataProtection:CertificatePassword): {e.Message.ReplaceLineEndings(" ").TrimEnd()}");
        }

        return certificate.HasPrivateKey
            ? certificate
            : throw Refused($"DataProtection: the certificate {path} has no private key (DataProtection:CertificatePath): a PKCS#12 (.pfx) file with its key is needed.");
    }
}

/// <summary>The `DataProtection` section.</summary>
public sealed class DataProtectionKeyOptions
{
    public const string Section = "DataProtection";

    /// <summary>A PKCS#12 (.pfx) file, certificate and private key, that encrypts the keys stored in the database.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Its password (also used for the retired ones).</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Instead of <see cref="CertificatePassword"/>: a file holding it (a Docker or Kubernetes secret), so that the
    /// password is in no environment variable. Its first line is the password.</summary>
    public string? CertificatePasswordFile { get; set; }

    /// <summary>Former certificates, kept to read the keys they encrypted until those have expired (rotation).</summary>
    public List<string> RetiredCertificatePaths { get; set; } = [];

    /// <summary>Refuse to start without a certificate (true in appsettings.Production.json).</summary>
    public bool RequireCertificate { get; set; }

    /// <summary>The certificate's password: <see cref="CertificatePassword"/>, or the first line of
    /// <see cref="CertificatePasswordFile"/> (its line break left out); both set is refused.</summary>
    public string? ReadPassword()
    {
        if (string.IsNullOrEmpty(CertificatePasswordFile))
        {
            return CertificatePassword;
        }

        if (!string.IsNullOrEmpty(CertificatePassword))
        {
            throw DataProtectionSetup.Refused("DataProtection: set CertificatePassword or CertificatePasswordFile, not both.");
        }

        try
        {
            using var file = File.OpenText(CertificatePasswordFile);
            return file.ReadLine() ?? "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw DataProtectionSetup.Refused($"DataProtection:CertificatePasswordFile {CertificatePasswordFile} cannot be read ({e.Message}).");
        }
    }
}
