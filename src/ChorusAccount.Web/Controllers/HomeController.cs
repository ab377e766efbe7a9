using ChorusAccount.Core.Accounts;
using ChorusAccount.Web.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace ChorusAccount.Web.Controllers;

/// <summary>The home screen an agent lands on after signing in (from the second sign-in on).</summary>
public sealed class HomeController(GetAccountOverview overview) : Controller
{
    [HttpGet("/")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View(await overview.ExecuteAsync(User.GetUserId(), ct));
}
