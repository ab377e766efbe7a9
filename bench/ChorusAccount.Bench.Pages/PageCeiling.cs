using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using ChorusAccount.Testing;
using ChorusAccount.Web.Authentication;
using ChorusAccount.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ChorusAccount.Bench.Pages;

/// <summary>
/// The page ceiling of issue 18: « Mon compte » of the measured user, the same view and the same HTML, rendered from a
/// model and a user already in memory, without authentication (no session cookie, no session row, no query). What is
/// left is the cost of the page itself: the pipeline, MVC, the Razor views, the antiforgery token. This controller lives
/// in the benchmark only, added to the portal it starts as an application part.
/// </summary>
[Route(Path)]
public sealed class PageCeilingController : Controller
{
    public const string Path = "banc/plafond-mon-compte";
    private static (ClaimsPrincipal User, AccountPage Page)? _captured;

    /// <summary>Called once by the signed-in agent: keeps its principal and its page, as the real page builds it.</summary>
    [HttpGet("capture")]
    public async Task<IActionResult> Capture([FromServices] AccountPageBuilder builder, CancellationToken ct)
    {
        var page = await builder.BuildAsync(User.GetUserId(), null, null, ct)
            ?? throw new InvalidOperationException("the measured user has no account");
        _captured = (User, page);
        return Content("captured");
    }

    [HttpGet("")]
    [AllowAnonymous]
    public IActionResult Index()
    {
        var (user, page) = _captured ?? throw new InvalidOperationException("nothing captured yet");
        HttpContext.User = user;
        return View(AccountPageResult.ViewName, page);
    }

    /// <summary>For profiling (--hold): the bytes this process has allocated so far, its processor time and the time
    /// the garbage collector paused it, in ms.</summary>
    [HttpGet("compteurs")]
    [AllowAnonymous]
    public IActionResult Counters() =>
        Content(FormattableString.Invariant(
            $"{GC.GetTotalAllocatedBytes(precise: true)} {System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds:0} {GC.GetTotalPauseDuration().TotalMilliseconds:0}"));

    /// <summary>Captures the page for <paramref name="agent"/>, then checks that the ceiling serves the HTML the real
    /// « Mon compte » serves (antiforgery tokens and nonces apart): otherwise the ratio would compare two pages.</summary>
    public static async Task<string> PrepareAsync(AgentClient agent, string cookieWithoutSession)
    {
        var check = agent.NoRedirect;
        using (var capture = await check.GetAsync(Path + "/capture"))
        {
            capture.EnsureSuccessStatusCode();
        }

        var real = Comparable(await check.GetStringAsync("mon-compte"));
        using var request = new HttpRequestMessage(HttpMethod.Get, Path);
        request.Headers.Add("Cookie", cookieWithoutSession);
        using var anonymous = new HttpClient(new HttpClientHandler { UseCookies = false, ServerCertificateCustomValidationCallback = (_, _, _, _) => true })
        {
            BaseAddress = check.BaseAddress,
        };
        using var response = await anonymous.SendAsync(request);
        var ceiling = Comparable(await response.Content.ReadAsStringAsync());
        if (response.StatusCode != HttpStatusCode.OK || ceiling != real)
        {
            var at = Enumerable.Range(0, Math.Min(real.Length, ceiling.Length)).FirstOrDefault(i => real[i] != ceiling[i]);
            throw new InvalidOperationException(
                $"the page ceiling is not « Mon compte »: {(int)response.StatusCode}; first difference at {at}: « {Excerpt(real, at)} » vs « {Excerpt(ceiling, at)} »");
        }

        return ceiling;
    }

    private static string Comparable(string html) =>
        Regex.Replace(html, "(name=\"__RequestVerificationToken\" type=\"hidden\" value=\"|nonce=\")[^\"]*\"", "$1\"");

    private static string Excerpt(string text, int at) => text.Substring(Math.Max(0, at - 80), Math.Min(160, text.Length - Math.Max(0, at - 80)));
}
