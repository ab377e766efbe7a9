using ChorusAccount.Core.Memberships;
using ChorusAccount.Web.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ChorusAccount.Web.Controllers;

/// <summary>For operators: the pending requests no manager can decide, by structure (<see cref="GetRequestsWithoutDecider"/>).</summary>
[Route("ops/demandes-sans-gestionnaire")]
[Authorize(Policy = OperatorPolicy.Name)]
public sealed class RequestsWithoutDeciderController(GetRequestsWithoutDecider requests) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await requests.ExecuteAsync(ct));
}
