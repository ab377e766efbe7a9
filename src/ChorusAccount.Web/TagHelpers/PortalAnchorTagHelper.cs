using System.Collections.Concurrent;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.Routing;
using Microsoft.AspNetCore.Mvc.TagHelpers;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace ChorusAccount.Web.TagHelpers;

/// <summary>
/// The portal's <c>&lt;a asp-controller asp-action asp-route-…&gt;</c>: the framework's anchor tag helper, with each
/// link's address computed once per route, not once per link. The first time a route is linked, the framework builds its
/// address with stand-in identifiers; every later link to it fills the identifiers into that address. A page of rows
/// (« Mes pièces jointes »: three links a row) then pays for routing once per kind of link. Links the template cannot
/// express exactly — a link to the page being shown (the framework may reuse its route values), route values other than
/// identifiers, a host, a protocol, a named route — are left to the framework, as before.
/// </summary>
[HtmlTargetElement("a", Attributes = "asp-action")]
[HtmlTargetElement("a", Attributes = "asp-controller")]
[HtmlTargetElement("a", Attributes = "asp-area")]
[HtmlTargetElement("a", Attributes = "asp-page")]
[HtmlTargetElement("a", Attributes = "asp-page-handler")]
[HtmlTargetElement("a", Attributes = "asp-fragment")]
[HtmlTargetElement("a", Attributes = "asp-host")]
[HtmlTargetElement("a", Attributes = "asp-protocol")]
[HtmlTargetElement("a", Attributes = "asp-route")]
[HtmlTargetElement("a", Attributes = "asp-all-route-data")]
[HtmlTargetElement("a", Attributes = "asp-route-*")]
public sealed class PortalAnchorTagHelper(IHtmlGenerator generator, IUrlHelperFactory urls) : AnchorTagHelper(generator)
{
    // (path base, controller, action, route value names, fragment) → the address cut around its identifiers; null when
    // the stand-ins did not each land exactly once in it (the framework then builds every such link).
    private static readonly ConcurrentDictionary<(string PathBase, string Controller, string Action, string? Fragment, string Names), string[]?> _templates = new();

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (Href() is { } href && !output.Attributes.ContainsName("href"))
        {
            output.Attributes.SetAttribute("href", href);
            return;
        }

        base.Process(context, output);
    }

    private string? Href()
    {
        if (Controller is null || Action is null || Area is not null || Page is not null || PageHandler is not null
            || Host is not null || Protocol is not null || Route is not null || !Plain(Fragment))
        {
            return null;
        }

        var current = ViewContext.RouteData.Values;
        if (string.Equals(current["controller"] as string, Controller, StringComparison.OrdinalIgnoreCase)
            && string.Equals(current["action"] as string, Action, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        foreach (var value in RouteValues.Values)
        {
            if (!Identifier(value))
            {
                return null;
            }
        }

        // The views link with one identifier at most: its name is the key; more are joined in order.
        var names = RouteValues.Count switch
        {
            0 => "",
            1 => RouteValues.Keys.First(),
            _ => string.Join('\n', RouteValues.Keys.Order(StringComparer.Ordinal)),
        };
        var key = (ViewContext.HttpContext.Request.PathBase.Value ?? "", Controller, Action, Fragment, names);
        if (!_templates.TryGetValue(key, out var parts))
        {
            parts = _templates.GetOrAdd(key, Template([.. RouteValues.Keys]));
        }

        // parts: the text before the first identifier, then (name, text after it) for each identifier in address order.
        return parts switch
        {
            null => null,
            [var whole] => whole,
            [var before, var name, var after] => string.Concat(before, RouteValues[name], after),
            _ => string.Concat(parts.Select((part, i) => i % 2 == 1 ? RouteValues[part] : part)),
        };
    }

    private string[]? Template(string[] names)
    {
        var standIns = names.Select((name, i) => (Name: name, Value: new Guid(0x5e7e1a00, 0, 0x4000, 0x80, 0, 0, 0, 0, 0, 0, (byte)(i + 1)).ToString())).ToArray();
        var values = new Microsoft.AspNetCore.Routing.RouteValueDictionary();
        foreach (var (name, value) in standIns)
        {
            values[name] = value;
        }

        var address = urls.GetUrlHelper(ViewContext).Action(new UrlActionContext { Action = Action, Controller = Controller, Values = values, Fragment = Fragment });
        if (address is null)
        {
            return null;
        }

        var found = new List<(int At, string Name, int Length)>();
        foreach (var (name, value) in standIns)
        {
            var at = address.IndexOf(value, StringComparison.Ordinal);
            if (at < 0 || address.IndexOf(value, at + 1, StringComparison.Ordinal) >= 0)
            {
                return null;
            }

            found.Add((at, name, value.Length));
        }

        found.Sort((a, b) => a.At.CompareTo(b.At));
        var parts = new List<string>();
        var from = 0;
        foreach (var (at, name, length) in found)
        {
            parts.Add(address[from..at]);
            parts.Add(name);
            from = at + length;
        }

        parts.Add(address[from..]);
        return [.. parts];
    }

    // Identifiers as the views write them (Guid.ToString()): the same text in a path and in a query string.
    private static bool Identifier(string? value) =>
        value is { Length: 36 } && Guid.TryParseExact(value, "D", out var id) && string.Equals(id.ToString(), value, StringComparison.Ordinal);

    private static bool Plain(string? fragment) => fragment is null || fragment.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
