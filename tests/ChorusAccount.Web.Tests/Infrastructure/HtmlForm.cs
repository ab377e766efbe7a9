using System.Net;
using System.Text.RegularExpressions;

namespace ChorusAccount.Web.Tests.Infrastructure;

/// <summary>A form read from a page as a browser would submit it: its action and its fields (hidden ones included).</summary>
public sealed partial class HtmlForm
{
    private HtmlForm(Uri action, List<KeyValuePair<string, string>> fields)
    {
        Action = action;
        Fields = fields;
    }

    public Uri Action { get; }
    public List<KeyValuePair<string, string>> Fields { get; }

    /// <summary>The first form whose action ends with <paramref name="actionSuffix"/> (or the first form).</summary>
    public static HtmlForm Parse(string html, Uri pageUri, string? actionSuffix = null)
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

            return new HtmlForm(actionUri, fields);
        }

        throw new InvalidOperationException($"No form{(actionSuffix is null ? "" : " posting to " + actionSuffix)} in the page {pageUri}.");
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
    public HtmlForm PostTo(string path) => new(new Uri(Action, path), [.. Fields]);

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
}
