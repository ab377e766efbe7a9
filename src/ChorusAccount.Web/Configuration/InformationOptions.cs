using System.ComponentModel.DataAnnotations;

namespace ChorusAccount.Web.Configuration;

/// <summary>
/// The `Information` section: what the public pages of the footer say about the body that runs this portal
/// (« Mentions légales », « Données personnelles », the déclaration d'accessibilité). Names and addresses are shown as
/// they are written here, in both languages. The defaults below are neutral values (also when the portal runs a command
/// from a folder without its appsettings.json); a deployment sets its own.
/// </summary>
public sealed class InformationOptions
{
    public const string Section = "Information";

    /// <summary>The publisher (« éditeur »): the administration responsible for the portal.</summary>
    [Required]
    public string PublisherName { get; set; } = "Administration d'exemple";

    [Required]
    public string PublisherAddress { get; set; } = "1 rue de l'Exemple, 75000 Paris";

    /// <summary>The « directeur ou directrice de la publication ».</summary>
    [Required]
    public string PublicationDirector { get; set; } = "Camille EXEMPLE";

    /// <summary>The host (« hébergeur ») of the portal's servers.</summary>
    [Required]
    public string HostName { get; set; } = "Hébergeur d'exemple";

    [Required]
    public string HostAddress { get; set; } = "2 avenue de l'Exemple, 75000 Paris";

    /// <summary>Where a user reports an accessibility problem or asks for a content in an accessible form.</summary>
    [Required]
    [EmailAddress]
    public string AccessibilityContactEmail { get; set; } = "accessibilite@chorus-pro.example";

    /// <summary>The data protection officer (« délégué à la protection des données »), for the rights the portal does not
    /// offer itself.</summary>
    [Required]
    [EmailAddress]
    public string DataProtectionContactEmail { get; set; } = "dpd@chorus-pro.example";

    /// <summary>The day of the last accessibility audit, the date of the déclaration d'accessibilité.</summary>
    [Required]
    public DateOnly? AccessibilityAuditDate { get; set; } = new DateOnly(2026, 12, 7);

    /// <summary>The share of the RGAA 4.1 criteria met, once a complete audit of its criteria has measured it; not set
    /// until then, and the declaration says so.</summary>
    [Range(0, 100)]
    public int? AccessibilityConformityRate { get; set; }
}
