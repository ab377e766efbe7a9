using System.ComponentModel.DataAnnotations;

namespace ChorusAccount.Web.Configuration;

/// <summary>The `Pigp` section: the single sign-on authority (the PIGP, or its stand-in started in-process).</summary>
public sealed class PigpSsoOptions
{
    public const string Section = "Pigp";

    /// <summary>Start the PIGP stand-in in this process (embedded default) and use it as the authority.</summary>
    public bool Embedded { get; set; }

    /// <summary>Where the embedded stand-in listens.</summary>
    public string EmbeddedUrls { get; set; } = "http://127.0.0.1:5100";

    /// <summary>The OpenID Connect authority when not embedded.</summary>
    public string? Authority { get; set; }

    [Required(ErrorMessage = "Pigp:ClientId is required: the portal's client id at the PIGP.")]
    public string ClientId { get; set; } = "chorus-account";

    /// <summary>The secret the PIGP gave this portal; required unless <see cref="Embedded"/> (<see cref="SecretInUse"/>).</summary>
    public string ClientSecret { get; set; } = "";

    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>
    /// The secret the portal presents: <see cref="ClientSecret"/>, or, for the stand-in in this very process when none is
    /// given, one drawn at random when the process starts (the stand-in and the portal share it; nobody else needs it).
    /// </summary>
    public string SecretInUse => Embedded && string.IsNullOrEmpty(ClientSecret) ? _embeddedSecret : ClientSecret;

    private static readonly string _embeddedSecret = System.Security.Cryptography.RandomNumberGenerator.GetHexString(64);
}
