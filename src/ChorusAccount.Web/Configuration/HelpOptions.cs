using System.ComponentModel.DataAnnotations;

namespace ChorusAccount.Web.Configuration;

/// <summary>
/// The `Help` section: the addresses of the Chorus Pro guides the help page and « Mon compte » link to (« Pour aller plus
/// loin » at the end of the guide « Gérer son compte utilisateur », and « Suivre le traitement d'une facture » beside the
/// notifications). Absolute http(s) addresses; by default the Chorus Pro community's documentation.
/// </summary>
public sealed class HelpOptions
{
    public const string Section = "Help";

    /// <summary>The default of every guide: the Chorus Pro community's documentation, where each guide is listed.</summary>
    public const string CommunityDocumentation = "https://communaute.chorus-pro.gouv.fr/documentation/";

    /// <summary>« Suivre le traitement d'une facture »: the notifications and the invoice lifecycle statuses.</summary>
    [Required]
    [Url]
    public string FollowAnInvoiceGuide { get; set; } = CommunityDocumentation;

    /// <summary>« Traiter une facture »: the steps of processing an invoice received on the portal.</summary>
    [Required]
    [Url]
    public string ProcessAnInvoiceGuide { get; set; } = CommunityDocumentation;

    /// <summary>« Gérer une fiche structure »: the structure card as its primary manager manages it.</summary>
    [Required]
    [Url]
    public string ManageAStructureCardGuide { get; set; } = CommunityDocumentation;

    /// <summary>« Saisir une sollicitation et suivre son traitement ».</summary>
    [Required]
    [Url]
    public string SubmitARequestGuide { get; set; } = CommunityDocumentation;
}
