using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Subscriptions;
using ChorusAccount.Web.Authentication;
using ChorusAccount.Web.Configuration;
using ChorusAccount.Web.Models;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ChorusAccount.Web.Controllers;

/// <summary>
/// The home screen an agent lands on after signing in (from the second sign-in on): a tile per space held, leading to
/// it, the user's pending requests and, for a manager, how many requests wait for its decision. Counts only: the rows
/// are on the pages the counts link to.
/// </summary>
public sealed class HomeController(ChorusAccountDbContext db, TimeProvider clock, GetManagerActivities activities, IOptions<SpacesOptions> spaces) : Controller
{
    [HttpGet("/")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var userId = User.GetUserId();
        var today = Core.ParisDate.Today(clock);
        var memberships = await GetAccountOverview.MembershipRowsAsync(db, userId, null, today, ct);
        var held = await SpaceLines.SpacesOfUserAsync(db, userId, today, ct);
        var ownPending = await GetAccountOverview.PendingRequestsAsync(db, userId, memberships, today, ct);
        var toDecide = await activities.CountAsync(userId, ct);
        return View(new HomePage(memberships, Tiles(held), ownPending, toDecide));
    }

    /// <summary>« Mon compte » always (every user has an account page), then each space held in the catalogue's order.</summary>
    private List<SpaceTile> Tiles(IReadOnlyList<Space> held)
    {
        var myAccount = SpaceCatalog.ByCode[SpaceCatalog.MyAccount];
        return [.. held.Prepend(myAccount).DistinctBy(s => s.Id).Select(s => new SpaceTile(s.Code, s.LabelFr, s.LabelEn, s.Code switch
        {
            SpaceCatalog.MyAccount => Url.Action(nameof(AccountController.Index), "Account"),
            SpaceCatalog.ManagerActivities => Url.Action(nameof(ManagerController.Index), "Manager"),
            _ => spaces.Value.UrlOf(s.Code) is { } url ? (url.StartsWith('/') ? Url.Content("~" + url) : url) : null,
        }))];
    }
}
