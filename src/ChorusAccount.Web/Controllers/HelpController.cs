using ChorusAccount.Web.Configuration;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ChorusAccount.Web.Controllers;

/// <summary>« Aide »: the guide « Gérer son compte utilisateur », sections 3 to 7, one section per block of « Mon compte »
/// (each block's « Aide » link leads to its own), and the guides of « Pour aller plus loin ».</summary>
public sealed class HelpController(IOptions<HelpOptions> help) : Controller
{
    /// <summary>The section of each block of « Mon compte ».</summary>
    public const string AccountSection = "acceder-a-son-compte";
    public const string PersonalSection = "informations-personnelles";
    public const string MembershipsSection = "rattachements";
    public const string SubscriptionsSection = "abonnements";
    public const string DocumentsSection = "pieces-jointes";

    [HttpGet("/aide")]
    public IActionResult Index() => View(help.Value);
}
