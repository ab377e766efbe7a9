using System.ComponentModel.DataAnnotations;

namespace ChorusAccount.Web.Configuration;

/// <summary>
/// The `Information` section: what the public pages of the footer say about the body that runs this portal
/// (« Mentions légales », « Données personnelles », the déclaration d'accessibilité). Names and addresses are shown as
/// they are written here, in both languages. `appsettings.json` holds neutral values; a deployment sets its own.
/// </summary>
public sealed class InformationOptions
{
    public const string Section = "Information";

    /// <summary>The publisher (« éditeur »): the administration responsible for the portal.</summary>
    [Required]
    public string PublisherName { get; set; } = "";

    [Required]
    public string PublisherAddress { get; set; } = "";

    /// <summary>The « directeur ou directrice de la publication ».</summary>
    [Required]
    public string PublicationDirector { get; set; } = "";

    /// <summary>The host (« hébergeur ») of the portal's servers.</summary>
    [Required]
    public string HostName { get; set; } = "";

    [Required]
    public string HostAddress { get; set; } = "";

    /// <summary>Where a user reports an accessibility problem or asks for a content in an accessible form.</summary>
    [Required]
    [EmailAddress]
    public string AccessibilityContactEmail { get; set; } = "";

    /// <summary>The data protection officer (« délégué à la protection des données »), for the rights the portal does not
    /// offer itself.</summary>
    [Required]
    [EmailAddress]
    public string DataProtectionContactEmail { get; set; } = "";

    /// <summary>The day of the last accessibility audit, the date of the déclaration d'accessibilité.</summary>
    [Required]
    public DateOnly? AccessibilityAuditDate { get; set; }

    /// <summary>The share of the RGAA 4.1 criteria met, once a complete audit of its criteria has measured it; not set
    /// until then, and the declaration says so.</summary>
    [Range(0, 100)]
    public int? AccessibilityConformityRate { get; set; }
}
