using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Structures;
using ChorusAccount.Web.Authentication;
using ChorusAccount.Web.Infrastructure;
using ChorusAccount.Web.Localization;
using ChorusAccount.Web.Models;
using ChorusAccount.Web.Security;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ChorusAccount.Web.Controllers;

/// <summary>« Mes rattachements aux structures »: search, request, consult, withdraw a pending request, delete (with the primary manager's handover).</summary>
[Route("mon-compte/rattachements")]
public sealed class MembershipsController(
    ChorusAccountDbContext db, GetStructureCard cards, TimeProvider clock, IStringLocalizer<UiText> t) : Controller
{
    private const string RequestPrefix = "Request";

    [HttpGet("demande")]
    [EnableRateLimiting(RateLimits.StructureSearch)]
    public async Task<IActionResult> Search(
        [FromQuery] StructureSearchForm search, [FromQuery] bool searched, [FromQuery] int page,
        [FromServices] IValidator<StructureSearchForm> validator, [FromServices] SearchStructures searchStructures, CancellationToken ct)
    {
        if (!searched)
        {
            return View(new StructureSearchPageModel(search, null, null));
        }

        return View(await ResultsAsync(search, page, null, validator, searchStructures, ct));
    }

    [HttpGet("nouvelle")]
    [EnableRateLimiting(RateLimits.StructureSearch)]
    public async Task<IActionResult> NewRequest(
        [FromQuery] StructureSearchForm search, [FromQuery] Guid? structureId, [FromQuery] int page,
        [FromServices] IValidator<StructureSearchForm> validator, [FromServices] SearchStructures searchStructures, CancellationToken ct)
    {
        if (structureId is null)
        {
            var model = await ResultsAsync(search, page, null, validator, searchStructures, ct);
            ModelState.AddModelError("structureId", t["Validation.Structure.Required"]);
            return View(nameof(Search), model);
        }

        var structure = await cards.ForRequestAsync(structureId.Value, ct);
        if (structure is null)
        {
            return NotFound();
        }

        var today = Core.ParisDate.Today(clock);
        return View(new MembershipRequestPage(structure, new MembershipRequestForm { StructureId = structure.Id, StartDate = today.ToString("yyyy-MM-dd"), RequestKey = Guid.NewGuid() }));
    }

    [HttpPost("nouvelle")]
    [EnableRateLimiting(RateLimits.Requests)]
    public async Task<IActionResult> NewRequest(
        [Bind(Prefix = RequestPrefix)] MembershipRequestForm form,
        [FromServices] IValidator<MembershipRequestForm> validator, [FromServices] RequestMembership requestMembership, CancellationToken ct)
    {
        var structure = await cards.ForRequestAsync(form.StructureId, ct);
        if (structure is null)
        {
            return NotFound();
        }

        if (await validator.ValidateIntoAsync(form, this, RequestPrefix, ct))
        {
            var result = await requestMembership.ExecuteAsync(User.GetUserId(), User.GetLogin(), form.ToRequest(), ct);
            if (result.Refusal is null)
            {
                // Nobody can decide it yet: the requester hears it now rather than waiting for an answer that cannot come.
                TempData[result.NobodyDecides ? "Warning" : "Success"] = result.NobodyDecides ? "Memberships.RequestedWithoutDecider" : "Memberships.Requested";
                return RedirectToAction(nameof(AccountController.Index), "Account", null, "memberships-title");
            }

            if (result.Refusal == MembershipRefusal.StructureNotFound)
            {
                return NotFound();
            }

            var field = result.Refusal == MembershipRefusal.EndNotAfterStart ? nameof(MembershipRequestForm.EndDate) : nameof(MembershipRequestForm.ServiceIds);
            ModelState.AddModelError($"{RequestPrefix}.{field}", t[$"MembershipRefusal.{result.Refusal}"]);
        }

        return View(new MembershipRequestPage(structure, form));
    }

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Consult(Guid id, CancellationToken ct)
    {
        var membership = (await GetAccountOverview.MembershipRowsAsync(db, User.GetUserId(), id, Core.ParisDate.Today(clock), ct)).SingleOrDefault();
        var structure = membership is null ? null : await cards.ForRequestAsync(membership.StructureId, ct);
        return membership is null || structure is null ? NotFound() : View(new MembershipDetailsPage(membership, structure));
    }

    /// <summary>« Retirer la demande » on the page of one's own pending request.</summary>
    [HttpPost("retirer")]
    public async Task<IActionResult> Withdraw([FromForm] Guid id, [FromServices] WithdrawRequest withdraw, CancellationToken ct)
    {
        if (await withdraw.MembershipAsync(User.GetUserId(), User.GetLogin(), id, ct) != WithdrawOutcome.Withdrawn)
        {
            return NotFound();
        }

        TempData["Success"] = "Memberships.Withdrawn";
        return RedirectToAction(nameof(AccountController.Index), "Account", null, "memberships-title");
    }

    [HttpGet("supprimer")]
    public async Task<IActionResult> Delete([FromQuery] List<Guid> ids, [FromServices] GetMembershipsToDelete toDelete, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return NothingTicked();
        }

        var rows = await toDelete.ExecuteAsync(User.GetUserId(), ids, ct);
        return rows is null ? NotFound() : View(new DeleteMembershipsPage(rows));
    }

    [HttpPost("supprimer")]
    public async Task<IActionResult> Delete(
        [FromForm] List<Guid> ids, [FromForm] bool confirm, [FromForm] Dictionary<Guid, Guid?> successors,
        [FromServices] GetMembershipsToDelete toDelete, [FromServices] DeleteMemberships deleteMemberships, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return NothingTicked();
        }

        var rows = await toDelete.ExecuteAsync(User.GetUserId(), ids, ct);
        if (rows is null)
        {
            return NotFound();
        }

        if (!confirm)
        {
            ModelState.AddModelError("Confirm", t["Memberships.ConfirmRequired"]);
            return View(new DeleteMembershipsPage(rows));
        }

        // An unchosen successor arrives empty: it is missing, not invalid.
        var chosen = (successors ?? []).Where(s => s.Value is not null).ToDictionary(s => s.Key, s => s.Value!.Value);
        var result = await deleteMemberships.ExecuteAsync(User.GetUserId(), User.GetLogin(), ids, chosen, ct);
        switch (result.Outcome)
        {
            case DeleteMembershipsOutcome.NotFound:
                return NotFound();
            case DeleteMembershipsOutcome.Deleted:
                TempData["Success"] = rows.Any(r => r.HandsOver) ? "Memberships.HandedOver" : "Memberships.Deleted";
                // A manager who left a structure, or handed its role over, may no longer manage any.
                await HttpContext.RefreshSessionAsync(db, ct);
                return RedirectToAction(nameof(AccountController.Index), "Account", null, "memberships-title");
            case DeleteMembershipsOutcome.ModifiedElsewhere:
                ModelState.AddModelError("", t["Memberships.ModifiedElsewhere"]);
                return View(new DeleteMembershipsPage(await toDelete.ExecuteAsync(User.GetUserId(), ids, ct) ?? []));
            default:
                ModelState.AddModelError($"successors_{result.MembershipId}", t[$"Memberships.{result.Outcome}"]);
                return View(new DeleteMembershipsPage(rows));
        }
    }

    private async Task<StructureSearchPageModel> ResultsAsync(
        StructureSearchForm search, int page, Guid? selected, IValidator<StructureSearchForm> validator, SearchStructures searchStructures, CancellationToken ct)
    {
        if (!await validator.ValidateIntoAsync(search, this, "", ct))
        {
            return new StructureSearchPageModel(search, null, selected);
        }

        return new StructureSearchPageModel(search, await searchStructures.ExecuteAsync(search.ToCriteria(), page, ct), selected);
    }

    private AccountPageResult NothingTicked() => this.AccountPageWithError("MembershipSelection", t["Memberships.NothingTicked"]);
}
