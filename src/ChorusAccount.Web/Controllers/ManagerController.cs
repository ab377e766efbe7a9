using ChorusAccount.Core.Data;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Subscriptions;
using ChorusAccount.Web.Authentication;
using ChorusAccount.Web.Localization;
using ChorusAccount.Web.Models;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace ChorusAccount.Web.Controllers;

/// <summary>
/// « Activités du gestionnaire »: the pending membership and subscription requests of the structures one manages,
/// decisions, history, users.
/// </summary>
[Route("activites-gestionnaire")]
public sealed class ManagerController(GetManagerActivities activities, IStringLocalizer<UiText> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        await activities.ExecuteAsync(User.GetUserId(), ct) is { } model ? View(model) : NotFound();

    [HttpPost("decisions")]
    public Task<IActionResult> Decide(
        [FromForm] List<Guid> ids, [FromForm] RequestDecision? decision, [FromForm] string? reason, [FromServices] DecideMemberships decide, CancellationToken ct) =>
        DecideAsync(decide, DecisionForm.Memberships, ids, decision, reason, ct);

    [HttpPost("abonnements/decisions")]
    public Task<IActionResult> DecideSubscriptionRequests(
        [FromForm] List<Guid> ids, [FromForm] RequestDecision? decision, [FromForm] string? reason, [FromServices] DecideSubscriptions decide, CancellationToken ct) =>
        DecideAsync(decide, DecisionForm.Subscriptions, ids, decision, reason, ct);

    private async Task<IActionResult> DecideAsync<TRequest>(
        ManagerDecision<TRequest> decide, DecisionForm form, List<Guid> ids, RequestDecision? decision, string? reason, CancellationToken ct)
        where TRequest : class
    {
        // No button's value, or a forged one: never taken for an approval.
        if (decision is not { } chosen || !Enum.IsDefined(chosen))
        {
            return BadRequest();
        }

        // The reason typed comes back in its own form's box only.
        ModelState.Remove(nameof(reason));
        ModelState.SetModelValue(form.ReasonField, reason, reason);
        if (ids.Count == 0)
        {
            ModelState.AddModelError(form.SelectionField, t["Manager.NothingTicked"]);
            return await PageAsync(ct);
        }

        if (ReasonError(reason) is { } error)
        {
            ModelState.AddModelError(form.ReasonField, error);
            return await PageAsync(ct);
        }

        var result = await decide.ExecuteAsync(User.GetUserId(), User.GetLogin(), ids, chosen, reason, ct);
        switch (result.Outcome)
        {
            case DecideOutcome.NotFound:
                return NotFound();
            case DecideOutcome.ReasonRequired:
                ModelState.AddModelError(form.ReasonField, t["Manager.ReasonRequired"]);
                return await PageAsync(ct);
            case DecideOutcome.AlreadyDecided:
                ModelState.AddModelError(form.SelectionField, t["Manager.AlreadyDecided"]);
                return await PageAsync(ct);
            default:
                TempData["Success"] = chosen == RequestDecision.Approve ? "Manager.Approved" : "Manager.Refused";
                return RedirectToAction(nameof(Index));
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
