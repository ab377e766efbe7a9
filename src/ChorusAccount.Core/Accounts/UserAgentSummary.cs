using System.Text.RegularExpressions;

namespace ChorusAccount.Core.Accounts;

/// <summary>
/// « Navigateur / système » of a session, read from its <c>User-Agent</c> by a few patterns: Edge, Opera, Firefox, Chrome
/// (Chromium), Safari; Windows, macOS, iOS, Android, ChromeOS, Linux. Only those names and a major version come out, never
/// the header's own text; an unknown one is null (the page says « inconnu »).
/// </summary>
public static partial class UserAgentSummary
{
    public static (string? Browser, string? System) Describe(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return (null, null);
        }

        return (Browser(userAgent), System(userAgent));
    }

    private static string? Browser(string ua)
    {
        // Order matters: Edge and Opera say « Chrome », Chrome says « Safari », iOS browsers say « Safari » too.
        foreach (var (pattern, name) in _browsers)
        {
            var match = pattern.Match(ua);
            if (match.Success)
            {
                return $"{name} {match.Groups["v"].Value}";
            }
        }

        return null;
    }

    private static string? System(string ua) =>
        IPhone().IsMatch(ua) ? "iOS"
        : Android().IsMatch(ua) ? "Android"
        : Windows().IsMatch(ua) ? "Windows"
        : ChromeOs().IsMatch(ua) ? "ChromeOS"
        : MacOs().IsMatch(ua) ? "macOS"
        : Linux().IsMatch(ua) ? "Linux"
        : null;

    private static readonly (Regex Pattern, string Name)[] _browsers =
    [
        (Edge(), "Edge"),
        (Opera(), "Opera"),
        (Firefox(), "Firefox"),
        (Chrome(), "Chrome"),
        (Safari(), "Safari"),
    ];

    [GeneratedRegex(@"\bEdg(?:e|A|iOS)?/(?<v>\d{1,4})")]
    private static partial Regex Edge();

    [GeneratedRegex(@"\bOPR/(?<v>\d{1,4})")]
    private static partial Regex Opera();

    [GeneratedRegex(@"\b(?:Firefox|FxiOS)/(?<v>\d{1,4})")]
    private static partial Regex Firefox();

    [GeneratedRegex(@"\b(?:HeadlessChrome|Chrome|Chromium|CriOS)/(?<v>\d{1,4})")]
    private static partial Regex Chrome();

    [GeneratedRegex(@"\bVersion/(?<v>\d{1,4})[.\d]*(?: Mobile/\w+)? Safari/")]
    private static partial Regex Safari();

    [GeneratedRegex(@"\b(?:iPhone|iPad|iPod)\b")]
    private static partial Regex IPhone();

    [GeneratedRegex(@"\bAndroid\b")]
    private static partial Regex Android();

    [GeneratedRegex(@"\bWindows\b")]
    private static partial Regex Windows();

    [GeneratedRegex(@"\bCrOS\b")]
    private static partial Regex ChromeOs();

    [GeneratedRegex(@"\bMac OS X\b|\bMacintosh\b")]
    private static partial Regex MacOs();

    [GeneratedRegex(@"\bLinux\b|\bX11\b")]
    private static partial Regex Linux();
}
