using System.Collections.Concurrent;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Routing;
using Microsoft.AspNetCore.Routing;

namespace ChorusAccount.Web.TagHelpers;

/// <summary>
/// The addresses of the portal's actions, each route's computed once, not once per link. The first time a route is
/// linked, the framework builds its address with stand-in identifiers; every later link to it fills the identifiers into
/// that address. A page of rows (« Mes pièces jointes »: three links a row) then pays for routing once per kind of link.
/// Links the template cannot express exactly — a link to the page being shown (the framework may reuse its route
/// values), route values other than identifiers, a fragment that is not plain — are the framework's. The links of the
/// views (<see cref="PortalAnchorTagHelper"/>) and of the rows of a table (<c>Href</c> of the views' base) both come
/// from here.
/// </summary>
public static class PortalLinks
{
    // (path base, controller, action, route value names, fragment) → the address cut around its identifiers; null when
    // the stand-ins did not each land exactly once in it (the framework then builds every such link).
    private static readonly ConcurrentDictionary<(string PathBase, string Controller, string Action, string? Fragment, string Names), string[]?> _templates = new();

    /// <summary>The address of <paramref name="action"/> with one route value, as the framework would write it.</summary>
    public static string Href(ActionContext context, string controller, string action, string name, string value, string? fragment = null) =>
        FromTemplate(context, controller, action, fragment, [new(name, value)])
        ?? UrlHelper(context).Action(new UrlActionContext { Controller = controller, Action = action, Values = new RouteValueDictionary { [name] = value }, Fragment = fragment })
        ?? throw new InvalidOperationException($"No route leads to {controller}.{action}.");

    /// <summary>
    /// The address from the route's template, or null when the template cannot express it exactly: the caller then asks
    /// the framework.
    /// </summary>
    public static string? FromTemplate(
        ActionContext context, string controller, string action, string? fragment, ReadOnlySpan<KeyValuePair<string, string?>> values)
    {
        if (!Plain(fragment))
        {
            return null;
        }

        var current = context.RouteData.Values;
        if (string.Equals(current["controller"] as string, controller, StringComparison.OrdinalIgnoreCase)
            && string.Equals(current["action"] as string, action, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        foreach (var (_, value) in values)
        {
            if (!Identifier(value))
            {
                return null;
            }
        }

        // The views link with one identifier at most: its name is the key; more are joined in order.
        var names = values.Length switch
        {
            0 => "",
            1 => values[0].Key,
            _ => string.Join('\n', values.ToArray().Select(v => v.Key).Order(StringComparer.Ordinal)),
        };
        var key = (context.HttpContext.Request.PathBase.Value ?? "", controller, action, fragment, names);
        if (!_templates.TryGetValue(key, out var parts))
        {
            parts = _templates.GetOrAdd(key, Template(UrlHelper(context), controller, action, fragment, values.ToArray().Select(v => v.Key).ToArray()));
        }

        // parts: the text before the first identifier, then (name, text after it) for each identifier in address order.
        return parts switch
        {
            null => null,
            [var whole] => whole,
            [var before, var name, var after] => string.Concat(before, ValueOf(values, name), after),
            _ => Fill(parts, values),
        };
    }

    private static string Fill(string[] parts, ReadOnlySpan<KeyValuePair<string, string?>> values)
    {
        var filled = new string?[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            filled[i] = i % 2 == 1 ? ValueOf(values, parts[i]) : parts[i];
        }

        return string.Concat(filled);
    }

    // Route value names are matched as routing matches them: without regard to case.
    private static string? ValueOf(ReadOnlySpan<KeyValuePair<string, string?>> values, string name)
    {
        foreach (var (key, value) in values)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        throw new InvalidOperationException($"No route value {name}.");
    }

    private static IUrlHelper UrlHelper(ActionContext context) =>
        context.HttpContext.RequestServices.GetRequiredService<IUrlHelperFactory>().GetUrlHelper(context);

    private static string[]? Template(IUrlHelper url, string controller, string action, string? fragment, string[] names)
    {
        var standIns = names.Select((name, i) => (Name: name, Value: new Guid(0x5e7e1a00, 0, 0x4000, 0x80, 0, 0, 0, 0, 0, 0, (byte)(i + 1)).ToString())).ToArray();
        var values = new RouteValueDictionary();
        foreach (var (name, value) in standIns)
        {
            values[name] = value;
        }

        var address = url.Action(new UrlActionContext { Action = action, Controller = controller, Values = values, Fragment = fragment });
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
