using ChorusAccount.Core.Data;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Web.Authentication;
using ChorusAccount.Web.Localization;
using ChorusAccount.Web.Mail;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace ChorusAccount.Web.Controllers;

/// <summary>« Activités du gestionnaire »: the pending requests of the structures one manages, decisions, history, users.</summary>
[Route("activites-gestionnaire")]
public sealed class ManagerController(GetManagerActivities activities, IStringLocalizer<UiText> t) : Controller
{
    public const string ReasonField = "Reason";
    public const string SelectionField = "RequestSelection";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        await activities.ExecuteAsync(User.GetUserId(), ct) is { } model ? View(model) : NotFound();

    [HttpPost("decisions")]
    public async Task<IActionResult> Decide(
        [FromForm] List<Guid> ids, [FromForm] MembershipDecision decision, [FromForm] string? reason,
        [FromServices] DecideMemberships decide, [FromServices] DecisionMails mails, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            ModelState.AddModelError(SelectionField, t["Manager.NothingTicked"]);
            return await PageAsync(ct);
        }

        if (ReasonError(reason) is { } error)
        {
            ModelState.AddModelError(ReasonField, error);
            return await PageAsync(ct);
        }

        var result = await decide.ExecuteAsync(User.GetUserId(), User.GetLogin(), ids, decision, reason, ct);
        switch (result.Outcome)
        {
            case DecideOutcome.NotFound:
                return NotFound();
            case DecideOutcome.ReasonRequired:
                ModelState.AddModelError(ReasonField, t["Manager.ReasonRequired"]);
                return await PageAsync(ct);
            case DecideOutcome.AlreadyDecided:
                ModelState.AddModelError(SelectionField, t["Manager.AlreadyDecided"]);
                return await PageAsync(ct);
            default:
                await mails.SendAsync(result.Notices, ct);
                TempData["Success"] = decision == MembershipDecision.Approve ? "Manager.Approved" : "Manager.Refused";
                return Redirect("/activites-gestionnaire");
        }
    }

    // The reason is emailed and stored: bounded, and only the line breaks and tabs of a text area as control characters.
    private string? ReasonError(string? reason) =>
        reason is null ? null
        : reason.Length > FieldLengths.Reason ? t["Validation.MaxLength", FieldLengths.Reason].Value
        : reason.Any(c => char.IsControl(c) && c is not ('\r' or '\n' or '\t')) ? t["Validation.ControlCharacters"].Value
        : null;

    private async Task<IActionResult> PageAsync(CancellationToken ct) =>
        await activities.ExecuteAsync(User.GetUserId(), ct) is { } model ? View(nameof(Index), model) : NotFound();
}
