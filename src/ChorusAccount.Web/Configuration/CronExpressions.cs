using System.Text.RegularExpressions;

namespace ChorusAccount.Web.Configuration;

/// <summary>A shape check of cron expressions, so that a typo in `Jobs` stops the start rather than the night's import.</summary>
public static partial class CronExpressions
{
    public static bool IsValid(string? expression) => expression is not null && FiveFields().IsMatch(expression.Trim());

    // Minutes, hours, day of month, month, day of week: digits, names, ranges, lists, steps, * and ?.
    [GeneratedRegex(@"^([0-9A-Za-z*?/,\-]+)(\s+[0-9A-Za-z*?/,\-#LW]+){4}$")]
    private static partial Regex FiveFields();
}
