using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ChorusAccount.Web.Controllers;

/// <summary>Friendly pages for errors and status codes: never a stack trace, always a way back.</summary>
[AllowAnonymous]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ErrorController : Controller
{
    [Route("/erreur/{code:int?}")]
    [Infrastructure.AllowIncompleteProfile]
    [IgnoreAntiforgeryToken]
    public IActionResult Index(int? code) => View(model: code ?? StatusCodes.Status500InternalServerError);
}
