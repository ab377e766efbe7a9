using System.Text.Encodings.Web;
using ChorusAccount.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace ChorusAccount.Web.TagHelpers;

/// <summary>The error summary at the top of a form: one link per error, to its field (RGAA 11.10, WCAG 3.3.1), in the
/// order of the form's fields.</summary>
[HtmlTargetElement("fr-error-summary", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FrErrorSummaryTagHelper(HtmlEncoder encoder) : TagHelper
{
    public string Title { get; set; } = "";

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = default!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        // The validator's errors in the order of its rules (the form's), then the others (added by the action).
        var order = ValidationExtensions.ErrorOrder(ViewContext.HttpContext) ?? [];
        var errors = ViewContext.ViewData.ModelState
            .Where(e => e.Value?.Errors.Count > 0)
            .OrderBy(e => order.IndexOf(e.Key) is var at and >= 0 ? at : int.MaxValue)
            .SelectMany(e => e.Value!.Errors.Select(error => (Id: TagBuilder.CreateSanitizedId(e.Key, "_"), error.ErrorMessage)))
            .ToList();
        if (errors.Count == 0)
        {
            output.SuppressOutput();
            return;
        }

        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "fr-alert fr-alert--error fr-mb-4w");
        output.Attributes.SetAttribute("role", "alert");
        output.Attributes.SetAttribute("id", "error-summary");
        var html = new System.Text.StringBuilder();
        html.Append($"<h2 class=\"fr-alert__title\">{encoder.Encode(Title)}</h2><ul>");
        foreach (var (id, message) in errors)
        {
            html.Append(string.IsNullOrEmpty(id)
                ? $"<li>{encoder.Encode(message)}</li>"
                : $"<li><a href=\"#{encoder.Encode(id)}\">{encoder.Encode(message)}</a></li>");
        }

        html.Append("</ul>");
        output.Content.SetHtmlContent(html.ToString());
    }
}
