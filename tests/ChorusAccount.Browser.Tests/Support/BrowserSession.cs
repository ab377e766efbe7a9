using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ChorusAccount.Browser.Tests.Support;

/// <summary>Debian's Chromium driven by Playwright. No browser → the test fails, it never skips.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly ITestOutputHelper _output;
    private readonly string _screenshots;
    private int _shot;

    private BrowserSession(IPlaywright playwright, IBrowser browser, IPage page, ITestOutputHelper output, string screenshots, List<string> cspViolations)
    {
        _cspViolations = cspViolations;
        _playwright = playwright;
        _browser = browser;
        Page = page;
        _output = output;
        _screenshots = screenshots;
    }

    public IPage Page { get; }

    private readonly List<string> _axeViolations = [];
    private readonly List<string> _cspViolations;

    /// <summary>The axe violations (wcag2a + wcag2aa) of every page checked, and every Content-Security-Policy violation
    /// the browser reported on any page (an inline script or style that the policy blocked).</summary>
    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (_cspViolations)
            {
                return [.. _axeViolations, .. _cspViolations];
            }
        }
    }

    public static async Task<BrowserSession> StartAsync(ITestOutputHelper output, string name)
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium package (scripts/test.sh does).");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var cspViolations = new List<string>();
        var page = await NewContextPageAsync(browser, cspViolations);
        var screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots", name);
        Directory.CreateDirectory(screenshots);
        return new BrowserSession(playwright, browser, page, output, screenshots, cspViolations);
    }

    /// <summary>A second agent in the same browser: a context of its own, so cookies and session are separate.</summary>
    public Task<IPage> OpenAnotherAgentAsync() => NewContextPageAsync(_browser, _cspViolations);

    /// <summary>An agent whose browser runs no JavaScript (a context of its own): the portal's pages must work without it.</summary>
    public async Task<IPage> OpenAgentWithoutJavaScriptAsync()
    {
        var page = await NewContextPageAsync(_browser, _cspViolations, javaScript: false);
        _withoutJavaScript.Add(page);
        return page;
    }

    // axe is a script: on these pages, CheckPageAsync keeps the screenshot only (the same pages are axe-checked with
    // JavaScript by the other scenarios).
    private readonly HashSet<IPage> _withoutJavaScript = [];

    /// <summary>Runs axe on the page as it is now (the first agent's unless told), records violations, and keeps a full-page
    /// screenshot (only the screenshot on a page without JavaScript).</summary>
    public async Task CheckPageAsync(string label, IPage? page = null)
    {
        page ??= Page;
        // The page loaded (its scripts, styles and fonts); a window filled by a fetch is awaited by the scenario itself.
        // Not « network idle »: once, in a full run, it timed out after 30 s on a footer page (cause not found).
        await page.WaitForLoadStateAsync(LoadState.Load);
        if (_withoutJavaScript.Contains(page))
        {
            var shot = Path.Combine(_screenshots, $"{++_shot:00}-{label}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
            _output.WriteLine($"{label}: {page.Url} — without JavaScript (no axe), screenshot {shot}");
            return;
        }

        // axe judges the page at rest: no hover state left under the pointer of the last click (a window opened under
        // it), and a window's opening and a change of theme (CSS transitions) over.
        await page.Mouse.MoveAsync(0, 0);
        await page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa"] },
        });
        foreach (var violation in result.Violations)
        {
            var nodes = string.Join(" | ", violation.Nodes.Select(n => $"{n.Html} ({string.Join("; ", n.Any.Select(c => c.Message))})"));
            _axeViolations.Add($"{label} ({page.Url}): {violation.Id} — {violation.Help}: {nodes}");
        }

        var file = Path.Combine(_screenshots, $"{++_shot:00}-{label}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        _output.WriteLine($"{label}: {page.Url} — {result.Violations.Length} axe violation(s), screenshot {file}");
    }

    // The test portals serve HTTPS with a certificate of their own; the browser is told to accept it.
    private static async Task<IPage> NewContextPageAsync(IBrowser browser, List<string> cspViolations, bool javaScript = true)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "fr-FR",
            IgnoreHTTPSErrors = true,
            JavaScriptEnabled = javaScript,
        });
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                lock (cspViolations)
                {
                    cspViolations.Add($"CSP ({page.Url}): {message.Text}");
                }
            }
        };
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
