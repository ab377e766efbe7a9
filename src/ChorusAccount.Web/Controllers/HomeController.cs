using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Data;
using ChorusAccount.Web.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace ChorusAccount.Web.Controllers;

/// <summary>The home screen an agent lands on after signing in (from the second sign-in on).</summary>
public sealed class HomeController(ChorusAccountDbContext db, TimeProvider clock) : Controller
{
    [HttpGet("/")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View(await GetAccountOverview.MembershipRowsAsync(db, User.GetUserId(), null, Core.ParisDate.Today(clock), ct));
}
