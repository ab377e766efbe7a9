using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Auditing;
using ChorusAccount.Core.Data;
using ChorusAccount.Web.Authentication;
using ChorusAccount.Web.Infrastructure;
using ChorusAccount.Web.Localization;
using ChorusAccount.Web.Models;
using FluentValidation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ChorusAccount.Web.Controllers;

/// <summary>« Mon compte »: the first sign-in completion, personal information and parameters, and the user's history.</summary>
[Route("mon-compte")]
public sealed class AccountController(
    ChorusAccountDbContext db,
    UpdateProfile updateProfile,
    IStringLocalizer<UiText> t) : Controller
{
    private const string FormPrefix = nameof(AccountPage.Form);

    [HttpGet("")]
    public IActionResult Index() => new AccountPageResult();

    [HttpPost("")]
    public async Task<IActionResult> Update(
        [Bind(Prefix = FormPrefix)] ProfileForm form, [FromServices] IValidator<ProfileForm> validator, CancellationToken ct)
    {
        var user = await CurrentUserAsync(ct);
        if (user is null)
        {
            return NotFound();
        }

        if (!await validator.ValidateIntoAsync(form, this, FormPrefix, ct))
        {
            return new AccountPageResult(form);
        }

        var result = await updateProfile.ExecuteAsync(user.Id, form.Version, form.ToPersonalInformation(), form.ToParameters(), ct);
        return await AfterUpdateAsync(result, "Account.Saved", nameof(Index));
    }

    [HttpGet("completer")]
    [AllowIncompleteProfile]
    public async Task<IActionResult> Complete(CancellationToken ct)
    {
        var user = await CurrentUserAsync(ct);
        if (user is null)
        {
            return NotFound();
        }

        return user.MustCompleteProfile ? View(new CompletionPage(user.Login, ProfileForm.From(user))) : RedirectToAction(nameof(HomeController.Index), "Home");
    }

    [HttpPost("completer")]
    [AllowIncompleteProfile]
    public async Task<IActionResult> Complete(
        [Bind(Prefix = FormPrefix)] ProfileForm form, [FromServices] IValidator<ProfileForm> validator, CancellationToken ct)
    {
        var user = await CurrentUserAsync(ct);
        if (user is null)
        {
            return NotFound();
        }

        if (!await validator.ValidateIntoAsync(form, this, FormPrefix, ct))
        {
            return View(new CompletionPage(user.Login, form));
        }

        var result = await updateProfile.ExecuteAsync(user.Id, form.Version, form.ToPersonalInformation(), parameters: null, ct);
        return await AfterUpdateAsync(result, "Account.Completed", nameof(HomeController.Index), "Home");
    }

    [HttpGet("historique")]
    public async Task<IActionResult> History([FromServices] GetAuditHistory history, CancellationToken ct) =>
        View(await history.ExecuteAsync(User.GetUserId(), ct));

    private async Task<IActionResult> AfterUpdateAsync(UpdateProfileResult result, string savedMessage, string action, string? controller = null)
    {
        switch (result.Outcome)
        {
            case UpdateProfileOutcome.NotFound:
                return NotFound();
            case UpdateProfileOutcome.ModifiedElsewhere:
                return this.AccountPageWithError("", t["Account.ModifiedElsewhere"]);
            default:
                // The session carries the language and the completion state: renew it with the saved account.
                await HttpContext.RenewSessionAsync(db, result.User!, HttpContext.RequestAborted);
                // The key, not the text: the next page may already be in the newly chosen language.
                TempData["Success"] = result.Outcome == UpdateProfileOutcome.Unchanged ? "Account.Unchanged" : savedMessage;
                return RedirectToAction(action, controller);
        }
    }

    private Task<User?> CurrentUserAsync(CancellationToken ct)
    {
        var id = User.GetUserId();
        return db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
    }
}
