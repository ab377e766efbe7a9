using System.Net;
using System.Text.RegularExpressions;

namespace ChorusAccount.Web.Tests.Infrastructure;

/// <summary>A form read from a page as a browser would submit it: its action and its fields (hidden ones included).</summary>
public sealed partial class HtmlForm
{
    private HtmlForm(Uri action, List<KeyValuePair<string, string>> fields, string method = "get", IReadOnlyList<string>? names = null)
    {
        Action = action;
        Fields = fields;
        Method = method;
        Names = names ?? [];
    }

    public Uri Action { get; }

    /// <summary>"get" or "post", lower case.</summary>
    public string Method { get; }

    /// <summary>The name of every control of the form, unticked boxes and named buttons included.</summary>
    public IReadOnlyList<string> Names { get; }
    public List<KeyValuePair<string, string>> Fields { get; }

    /// <summary>The first form whose action ends with <paramref name="actionSuffix"/> (or the first form).</summary>
    public static HtmlForm Parse(string html, Uri pageUri, string? actionSuffix = null) =>
        ParseAll(html, pageUri, actionSuffix).FirstOrDefault()
        ?? throw new InvalidOperationException($"No form{(actionSuffix is null ? "" : " posting to " + actionSuffix)} in the page {pageUri}.");

    /// <summary>Every form of the page (whose action ends with <paramref name="actionSuffix"/>, if given).</summary>
    public static IEnumerable<HtmlForm> ParseAll(string html, Uri pageUri, string? actionSuffix = null)
    {
        foreach (Match form in FormPattern().Matches(html))
        {
            var action = WebUtility.HtmlDecode(Attribute(form.Groups["attrs"].Value, "action") ?? "");
            var actionUri = new Uri(pageUri, action.Length == 0 ? pageUri.PathAndQuery : action);
            if (actionSuffix is not null && !actionUri.AbsolutePath.EndsWith(actionSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            var fields = new List<KeyValuePair<string, string>>();
            foreach (Match input in InputPattern().Matches(form.Groups["body"].Value))
            {
                var attrs = input.Groups["attrs"].Value;
                var name = Attribute(attrs, "name");
                var type = Attribute(attrs, "type") ?? "text";
                if (name is null || type is "submit" or "button" || (type is "checkbox" or "radio" && !Regex.IsMatch(attrs, @"\schecked(\s|=|$)")))
                {
                    continue;
                }

                fields.Add(new(WebUtility.HtmlDecode(name), WebUtility.HtmlDecode(Attribute(attrs, "value") ?? "")));
            }

            foreach (Match select in SelectPattern().Matches(form.Groups["body"].Value))
            {
                var name = Attribute(select.Groups["attrs"].Value, "name");
                var selected = Regex.Match(select.Groups["body"].Value, "<option[^>]*value=\"(?<v>[^\"]*)\"[^>]*selected");
                if (name is not null)
                {
                    fields.Add(new(name, WebUtility.HtmlDecode(selected.Success ? selected.Groups["v"].Value : "")));
                }
            }

            foreach (Match textarea in TextareaPattern().Matches(form.Groups["body"].Value))
            {
                if (Attribute(textarea.Groups["attrs"].Value, "name") is { } name)
                {
                    fields.Add(new(WebUtility.HtmlDecode(name), WebUtility.HtmlDecode(textarea.Groups["body"].Value)));
                }
            }

            var names = NamePattern().Matches(form.Groups["body"].Value).Select(m => WebUtility.HtmlDecode(m.Groups["n"].Value)).Distinct().ToList();
            var method = Attribute(form.Groups["attrs"].Value, "method")?.ToLowerInvariant() ?? "get";
            yield return new HtmlForm(actionUri, fields, method, names);
        }
    }

    public string? this[string name] => Fields.LastOrDefault(f => f.Key == name).Value;

    /// <summary>Sets a field (replacing every value it had).</summary>
    public HtmlForm Set(string name, string value)
    {
        Fields.RemoveAll(f => f.Key == name);
        Fields.Add(new(name, value));
        return this;
    }

    /// <summary>Adds one more value to a field (a ticked checkbox among several).</summary>
    public HtmlForm Add(string name, string value)
    {
        Fields.Add(new(name, value));
        return this;
    }

    /// <summary>The same fields (antiforgery token included) posted to another address: a forged or replayed request.</summary>
    public HtmlForm PostTo(string path) => new(new Uri(Action, path), [.. Fields], Method, Names);

    /// <summary>A copy to change without touching this one.</summary>
    public HtmlForm Copy() => new(Action, [.. Fields], Method, Names);

    public HtmlForm Remove(string name)
    {
        Fields.RemoveAll(f => f.Key == name);
        return this;
    }

    public FormUrlEncodedContent ToContent() => new(Fields);

    private static string? Attribute(string attrs, string name)
    {
        var match = Regex.Match(attrs, $@"(?:^|\s){name}=""(?<v>[^""]*)""");
        return match.Success ? match.Groups["v"].Value : null;
    }

    [GeneratedRegex("<form(?<attrs>[^>]*)>(?<body>.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormPattern();

    [GeneratedRegex("<input(?<attrs>[^>]*)>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex InputPattern();

    [GeneratedRegex("<select(?<attrs>[^>]*)>(?<body>.*?)</select>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex SelectPattern();

    [GeneratedRegex("<textarea(?<attrs>[^>]*)>(?<body>.*?)</textarea>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex TextareaPattern();

    [GeneratedRegex(@"<(?:input|select|textarea|button)\b[^>]*\sname=""(?<n>[^""]*)""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex NamePattern();
}
