using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace ChorusAccount.Testing;

/// <summary>
/// Pages read as a browser reads them (AngleSharp's HTML5 parser), so that a test asks for an element by CSS selector —
/// an id, a role, an attribute, a form field — instead of searching the markup's text, which a change of attribute order
/// or quoting would break and which a wrong element with the right words would pass.
/// </summary>
public static class HtmlDocuments
{
    private static readonly HtmlParser _parser = new();

    /// <summary>Parses a whole page (or an email's HTML body).</summary>
    public static IHtmlDocument Parse(string html) => _parser.ParseDocument(html);

    /// <summary>The elements matching <paramref name="selector"/>, in document order.</summary>
    public static IReadOnlyList<IElement> FindAll(this IParentNode node, string selector) => [.. node.QuerySelectorAll(selector)];

    /// <summary>The one element matching <paramref name="selector"/>; fails when there is none or more than one.</summary>
    public static IElement Single(this IParentNode node, string selector)
    {
        var found = node.QuerySelectorAll(selector);
        return found.Length == 1
            ? found[0]
            : throw new InvalidOperationException($"Expected exactly one element matching « {selector} », found {found.Length}.");
    }

    /// <summary>The element's text as shown: its text content with white space runs folded to one space, trimmed.</summary>
    public static string ShownText(this INode node) => string.Join(' ', node.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
