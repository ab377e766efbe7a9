using ChorusAccount.Web.Configuration;
using ChorusAccount.Web.Models;
using ChorusAccount.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ChorusAccount.Web.Controllers;

/// <summary>
/// The pages a French public website must have, linked from the footer and readable without signing in: the
/// déclaration d'accessibilité, « Mentions légales », « Données personnelles », « Gestion des cookies », « Plan du site ».
/// In the language of a signed-in user, French otherwise.
/// </summary>
[AllowAnonymous]
public sealed class InformationController(IOptions<InformationOptions> information, PortalCookies cookies) : Controller
{
    [HttpGet("/accessibilite")]
    public IActionResult Accessibility() => Page();

    [HttpGet("/mentions-legales")]
    public IActionResult LegalNotice() => Page();

    [HttpGet("/donnees-personnelles")]
    public IActionResult PersonalData() => Page();

    [HttpGet("/gestion-des-cookies")]
    public IActionResult Cookies() => Page();

    [HttpGet("/plan-du-site")]
    public IActionResult SiteMap() => Page();

    private ViewResult Page() => View(new InformationPage(information.Value, cookies.SessionLifetime, cookies.All()));
}
