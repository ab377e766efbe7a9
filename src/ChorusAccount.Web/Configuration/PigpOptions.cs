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

    [Required(ErrorMessage = "Pigp:ClientSecret is required: the secret the PIGP gave this portal.")]
    public string ClientSecret { get; set; } = "";

    public bool RequireHttpsMetadata { get; set; } = true;
}
