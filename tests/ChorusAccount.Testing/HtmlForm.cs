using AngleSharp.Dom;

namespace ChorusAccount.Testing;

/// <summary>A form read from a page as a browser would submit it: its action and its fields (hidden ones included).</summary>
public sealed class HtmlForm
{
    private HtmlForm(Uri action, List<KeyValuePair<string, string>> fields, string method = "get", IReadOnlyList<string>? names = null, Uri? page = null)
    {
        Action = action;
        Page = page;
        Fields = fields;
        Method = method;
        Names = names ?? [];
    }

    public Uri Action { get; }

    /// <summary>The address of the page the form was read from (a browser's <c>Referer</c> when it submits it).</summary>
    public Uri? Page { get; }

    /// <summary>"get" or "post", lower case.</summary>
    public string Method { get; }

    /// <summary>The name of every control of the form, unticked boxes and named buttons included.</summary>
    public IReadOnlyList<string> Names { get; }
    public List<KeyValuePair<string, string>> Fields { get; }

    /// <summary>The first form whose action ends with <paramref name="actionSuffix"/> (or the first form).</summary>
    public static HtmlForm Parse(string html, Uri pageUri, string? actionSuffix = null) =>
        Parse(HtmlDocuments.Parse(html), pageUri, actionSuffix);

    /// <summary>The first form of a parsed page whose action ends with <paramref name="actionSuffix"/> (or the first form).</summary>
    public static HtmlForm Parse(IParentNode page, Uri pageUri, string? actionSuffix = null) =>
        ParseAll(page, pageUri, actionSuffix).FirstOrDefault()
        ?? throw new InvalidOperationException($"No form{(actionSuffix is null ? "" : " posting to " + actionSuffix)} in the page {pageUri}.");

    /// <summary>Every form of the page (whose action ends with <paramref name="actionSuffix"/>, if given).</summary>
    public static IEnumerable<HtmlForm> ParseAll(string html, Uri pageUri, string? actionSuffix = null) =>
        ParseAll(HtmlDocuments.Parse(html), pageUri, actionSuffix);

    /// <summary>Every form of a parsed page (whose action ends with <paramref name="actionSuffix"/>, if given), its
    /// fields as the form's markup gives them: inputs (ticked boxes only), selects, textareas.</summary>
    public static IEnumerable<HtmlForm> ParseAll(IParentNode page, Uri pageUri, string? actionSuffix = null)
    {
        foreach (var form in page.QuerySelectorAll("form"))
        {
            var action = form.GetAttribute("action") ?? "";
            var actionUri = new Uri(pageUri, action.Length == 0 ? pageUri.PathAndQuery : action);
            if (actionSuffix is not null && !actionUri.AbsolutePath.EndsWith(actionSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            var fields = new List<KeyValuePair<string, string>>();
            foreach (var input in form.QuerySelectorAll("input[name]"))
            {
                var type = input.GetAttribute("type")?.ToLowerInvariant() ?? "text";
                if (type is "submit" or "button" || (type is "checkbox" or "radio" && !input.HasAttribute("checked")))
                {
                    continue;
                }

                fields.Add(new(input.GetAttribute("name")!, input.GetAttribute("value") ?? ""));
            }

            foreach (var select in form.QuerySelectorAll("select[name]"))
            {
                fields.Add(new(select.GetAttribute("name")!, select.QuerySelector("option[value][selected]")?.GetAttribute("value") ?? ""));
            }

            foreach (var textarea in form.QuerySelectorAll("textarea[name]"))
            {
                fields.Add(new(textarea.GetAttribute("name")!, textarea.TextContent));
            }

            var names = form.QuerySelectorAll("input[name], select[name], textarea[name], button[name]").Select(c => c.GetAttribute("name")!).Distinct().ToList();
            var method = form.GetAttribute("method")?.ToLowerInvariant() ?? "get";
            yield return new HtmlForm(actionUri, fields, method, names, pageUri);
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
    public HtmlForm PostTo(string path) => new(new Uri(Action, path), [.. Fields], Method, Names, Page);

    /// <summary>A copy to change without touching this one.</summary>
    public HtmlForm Copy() => new(Action, [.. Fields], Method, Names, Page);

    public HtmlForm Remove(string name)
    {
        Fields.RemoveAll(f => f.Key == name);
        return this;
    }

    public FormUrlEncodedContent ToContent() => new(Fields);
}
