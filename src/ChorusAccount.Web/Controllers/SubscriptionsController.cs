using ChorusAccount.Core.Data;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Subscriptions;
using ChorusAccount.Web.Authentication;
using ChorusAccount.Web.Infrastructure;
using ChorusAccount.Web.Localization;
using ChorusAccount.Web.Models;
using ChorusAccount.Web.Security;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace ChorusAccount.Web.Controllers;

/// <summary>« Mes abonnements aux espaces »: « Ajouter un abonnement », « Retirer la demande », and deletion of one line or the ticked ones.</summary>
[Route("mon-compte/abonnements")]
public sealed class SubscriptionsController(
    ChorusAccountDbContext db, GetSubscriptionChoices choices, IStringLocalizer<UiText> t, TimeProvider clock) : Controller
{
    public const string SelectionField = "SubscriptionSelection";
    private const string RequestPrefix = "Request";
    private const string StructureField = "StructureId";
    private const string ServiceField = "ServiceUnitId";
    private const string ConfirmField = "Confirm";

    /// <summary>First the structure – service pair (a GET form, <paramref name="chosen"/> once sent), then its spaces.</summary>
    [HttpGet("nouveau")]
    public async Task<IActionResult> New([FromQuery] Guid? structureId, [FromQuery] Guid? serviceUnitId, [FromQuery] bool chosen, CancellationToken ct)
    {
        // An address edited by hand (not an id) is a pair not chosen: the page says so in its own words.
        ModelState.Clear();
        return View(await PageAsync(chosen ? structureId : null, serviceUnitId, new SubscriptionRequestForm(), chosen, ct));
    }

    [HttpPost("")]
    [EnableRateLimiting(RateLimits.Requests)]
    public async Task<IActionResult> Add(
        [Bind(Prefix = RequestPrefix)] SubscriptionRequestForm form,
        [FromServices] IValidator<SubscriptionRequestForm> validator, [FromServices] RequestSubscription requestSubscription, CancellationToken ct)
    {
        if (await validator.ValidateIntoAsync(form, this, RequestPrefix, ct))
        {
            var result = await requestSubscription.ExecuteAsync(User.GetUserId(), User.GetLogin(), form.ToRequest(), ct);
            if (result.Refusal is null)
            {
                // Nobody can decide it yet: the requester hears it now rather than waiting for an answer that cannot come.
                TempData[result.NobodyDecides ? "Warning" : "Success"] =
                    result.Restored ? "Subscriptions.Restored" : result.NobodyDecides ? "Subscriptions.RequestedWithoutDecider" : "Subscriptions.Requested";
                if (result.Restored)
                {
                    // A default line given back may be « Activités du gestionnaire ».
                    await HttpContext.RefreshSessionAsync(db, ct);
                }

                return RedirectToAction(nameof(AccountController.Index), "Account", null, "subscriptions-title");
            }

            ModelState.AddModelError(RefusalField(result.Refusal.Value), t[$"SubscriptionRefusal.{result.Refusal}"]);
        }

        return View(nameof(New), await PageAsync(form.StructureId, form.ServiceUnitId, form, chosen: true, ct));
    }

    /// <summary>One's own pending request, and « Retirer la demande ».</summary>
    [HttpGet("retirer")]
    public async Task<IActionResult> Withdraw([FromQuery] Guid id, CancellationToken ct) =>
        await PendingRequestAsync(id, ct) is { } row ? View(row) : NotFound();

    [HttpPost("retirer")]
    [ActionName(nameof(Withdraw))]
    public async Task<IActionResult> WithdrawPost([FromForm] Guid id, [FromServices] WithdrawRequest withdraw, CancellationToken ct)
    {
        if (await withdraw.SubscriptionAsync(User.GetUserId(), User.GetLogin(), id, ct) != WithdrawOutcome.Withdrawn)
        {
            return NotFound();
        }

        TempData["Success"] = "Subscriptions.Withdrawn";
        return RedirectToAction(nameof(AccountController.Index), "Account", null, "subscriptions-title");
    }

    [HttpGet("supprimer")]
    public async Task<IActionResult> Delete([FromQuery] List<string> lines, CancellationToken ct)
    {
        var rows = await SubscriptionLines.SelectAsync(db, User.GetUserId(), lines, Core.ParisDate.Today(clock), ct);
        if (rows is null || rows.Any(r => !r.Removable))
        {
            return RefusedSelection(lines, rows);
        }

        return View(new DeleteSubscriptionsPage(rows));
    }

    [HttpPost("supprimer")]
    public async Task<IActionResult> Delete(
        [FromForm] List<string> lines, [FromForm] bool confirm, [FromServices] DeleteSubscriptions deleteSubscriptions, CancellationToken ct)
    {
        var rows = await SubscriptionLines.SelectAsync(db, User.GetUserId(), lines, Core.ParisDate.Today(clock), ct);
        if (rows is null || rows.Any(r => !r.Removable))
        {
            return RefusedSelection(lines, rows);
        }

        if (!confirm)
        {
            ModelState.AddModelError(ConfirmField, t["Subscriptions.ConfirmRequired"]);
            return View(new DeleteSubscriptionsPage(rows));
        }

        switch (await deleteSubscriptions.ExecuteAsync(User.GetUserId(), User.GetLogin(), lines, ct))
        {
            case DeleteSubscriptionsOutcome.Deleted:
                TempData["Success"] = rows.Count == 1 ? "Subscriptions.DeletedOne" : "Subscriptions.Deleted";
                // A line deleted may be « Activités du gestionnaire ».
                await HttpContext.RefreshSessionAsync(db, ct);
                return RedirectToAction(nameof(AccountController.Index), "Account", null, "subscriptions-title");
            case DeleteSubscriptionsOutcome.ModifiedElsewhere:
                return this.AccountPageWithError("", t["Subscriptions.ModifiedElsewhere"]);
            default:
                return NotFound();
        }
    }

    private async Task<SubscriptionRow?> PendingRequestAsync(Guid id, CancellationToken ct) =>
        (await SubscriptionLines.ForUserAsync(db, User.GetUserId(), Core.ParisDate.Today(clock), ct)).FirstOrDefault(r => r.SubscriptionId == id && r.Status == SubscriptionStatus.Pending);

    private static string RefusalField(SubscriptionRefusal refusal) => refusal switch
    {
        SubscriptionRefusal.NotAttached => StructureField,
        SubscriptionRefusal.ServiceRequired or SubscriptionRefusal.UnknownService => ServiceField,
        _ => $"{RequestPrefix}.{nameof(SubscriptionRequestForm.SpaceId)}",
    };

    /// <summary>The page; once a pair is chosen, its spaces, or the reason the pair is refused next to its field.</summary>
    private async Task<SubscriptionRequestPage> PageAsync(Guid? structureId, Guid? serviceUnitId, SubscriptionRequestForm form, bool chosen, CancellationToken ct)
    {
        var userId = User.GetUserId();
        var structures = await choices.StructuresAsync(userId, ct);
        if (!chosen)
        {
            return new(structures, structures.Count == 1 ? structures[0].Id : null, null, null, form);
        }

        if (structureId is not { } id || id == Guid.Empty)
        {
            ModelState.AddModelError(StructureField, t["Validation.SubscriptionStructure.Required"]);
            return new(structures, null, serviceUnitId, null, form);
        }

        var spaces = await choices.SpacesAsync(userId, id, serviceUnitId, ct);
        if (spaces.Refusal is { } refusal)
        {
            ModelState.AddModelError(RefusalField(refusal), t[$"SubscriptionRefusal.{refusal}"]);
            return new(structures, id, serviceUnitId, null, form);
        }

        return new(structures, id, serviceUnitId, spaces.Spaces, form);
    }

    /// <summary>Nothing ticked, or « Mon compte » among the lines: « Mon compte » again, with the reason; another user's line: 404.</summary>
    private IActionResult RefusedSelection(List<string> lines, IReadOnlyList<SubscriptionRow>? rows) =>
        lines.Count == 0 ? this.AccountPageWithError(SelectionField, t["Subscriptions.NothingTicked"])
        : rows is null ? NotFound()
        : this.AccountPageWithError(SelectionField, t["Subscriptions.MyAccountNotRemovable"]);
}
