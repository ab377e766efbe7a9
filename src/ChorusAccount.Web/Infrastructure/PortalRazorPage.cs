using System.Globalization;
using ChorusAccount.Web.TagHelpers;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Razor;

namespace ChorusAccount.Web.Infrastructure;

/// <summary>
/// The base of every view (<c>_ViewImports</c>): what views used to work out each for itself, and the pieces a table
/// repeats on each row. A row's links and its selection box are written here rather than by tag helpers: a tag helper
/// costs its own context, output and attribute list each time it runs, which on a table of 90 pièces jointes was most of
/// the page's cost (docs/PERFORMANCE.md).
/// </summary>
public abstract class PortalRazorPage<TModel> : RazorPage<TModel>
{
    /// <summary>The user chose English: labels that come from data in both languages take the English one.</summary>
    public static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    /// <summary>The first error under a ModelState key, or null.</summary>
    public string? ErrorOf(string key) => ViewData.ModelState.TryGetValue(key, out var e) && e.Errors.Count > 0 ? e.Errors[0].ErrorMessage : null;

    /// <summary>The address of <paramref name="action"/> for one identifier, as <c>asp-route-{name}</c> would write it
    /// (<see cref="PortalLinks"/>).</summary>
    public string Href(string controller, string action, string name, Guid id, string? fragment = null) =>
        PortalLinks.Href(ViewContext, controller, action, name, id.ToString(), fragment);

    /// <summary>The address of <paramref name="action"/> for one route value, as <c>asp-route-{name}</c> would write it.</summary>
    public string Href(string controller, string action, string name, string value, string? fragment = null) =>
        PortalLinks.Href(ViewContext, controller, action, name, value, fragment);

    /// <summary>The small checkbox (or radio) of one row of a selection table (DSFR), named for screen readers by
    /// <paramref name="label"/>.</summary>
    public IHtmlContent RowSelect(string id, string name, string value, string label, bool radio = false, bool isChecked = false)
    {
        var kind = radio ? "radio" : "checkbox";
        var e = HtmlEncoder;
        var encodedId = e.Encode(id);
        return new HtmlString(
            $"<div class=\"fr-{kind}-group fr-{kind}-group--sm\">"
            + $"<input type=\"{kind}\" id=\"{encodedId}\" name=\"{e.Encode(name)}\" value=\"{e.Encode(value)}\"{(isChecked ? " checked" : "")}>"
            + $"<label class=\"fr-label\" for=\"{encodedId}\"><span class=\"fr-sr-only\">{e.Encode(label)}</span></label></div>");
    }
}
