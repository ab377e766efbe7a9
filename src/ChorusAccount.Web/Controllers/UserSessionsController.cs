using ChorusAccount.Core.Accounts;
using ChorusAccount.Web.Authentication;
using ChorusAccount.Web.Models;
using Microsoft.AspNetCore.Mvc;

namespace ChorusAccount.Web.Controllers;

/// <summary>« Mes sessions » (« Mon compte »): the user's sessions in force, « Mettre fin à cette session » and « Mettre fin
/// à toutes les autres sessions ». The current session is not ended from here: « Se déconnecter » does that.</summary>
[Route("mon-compte/sessions")]
public sealed class UserSessionsController(UserSessions sessions) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var current = await HttpContext.CurrentSessionIdAsync();
        var rows = await sessions.ListAsync(User.GetUserId(), ct);
        return View(new UserSessionsPage([.. rows.Select(s => UserSessionRow.From(s, current))]));
    }

    /// <summary>« Mettre fin à cette session »: one of the user's other sessions; another's id, or the current session's → 404.</summary>
    [HttpPost("mettre-fin")]
    public async Task<IActionResult> End([FromForm] Guid id, CancellationToken ct)
    {
        if (id == await HttpContext.CurrentSessionIdAsync() || !await sessions.EndAsync(User.GetUserId(), id, ct))
        {
            return NotFound();
        }

        Security.SecurityEvents.LogSessionsEnded(HttpContext, "One", 1);
        TempData["Success"] = "UserSessions.Ended";
        return RedirectToAction(nameof(Index));
    }

    /// <summary>« Mettre fin à toutes les autres sessions »: every session of the user but this one.</summary>
    [HttpPost("mettre-fin-aux-autres")]
    public async Task<IActionResult> EndOthers(CancellationToken ct)
    {
        if (await HttpContext.CurrentSessionIdAsync() is not { } current)
        {
            return NotFound();
        }

        var ended = await sessions.EndOthersAsync(User.GetUserId(), current, ct);
        Security.SecurityEvents.LogSessionsEnded(HttpContext, "Others", ended);
        TempData["Success"] = "UserSessions.OthersEnded";
        return RedirectToAction(nameof(Index));
    }
}
