using ChorusAccount.Core;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Web.Authentication;
using ChorusAccount.Web.Jobs;
using ChorusAccount.Web.Models;
using ChorusAccount.Web.Security;
using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ChorusAccount.Web.Controllers;

/// <summary>The daily digests, for operators: counts of the last days, the digests that failed, « Lancer l'envoi ».</summary>
[Route("ops/digests")]
[Authorize(Policy = OperatorPolicy.Name)]
public sealed class DigestsController(GetDigestOverview overview, IBackgroundJobClient jobs, TimeProvider clock) : Controller
{
    private const int ShownDays = 14;
    private const int ShownFailures = 500;

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View(new DigestsPage(
            await overview.DaysAsync(ParisDate.Today(clock).AddDays(-ShownDays), ct),
            await overview.FailuresAsync(ShownFailures, ct),
            ShownFailures));

    [HttpPost("lancer")]
    public IActionResult Launch()
    {
        jobs.Enqueue<DigestJob>(j => j.RunAsync(CancellationToken.None));
        SecurityEvents.LogDigestsLaunched(HttpContext);
        TempData["Success"] = "Digests.Launched";
        return RedirectToAction(nameof(Index));
    }
}
