using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace ChorusAccount.Web.TagHelpers;

/// <summary>A DSFR input group (label, hint, input, error message) bound to a model field, accessible by construction:
/// the label names the input, the message is tied to it by aria-describedby, the error state is announced.</summary>
[HtmlTargetElement("fr-input", Attributes = "asp-for", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FrInputTagHelper(HtmlEncoder encoder) : TagHelper
{
    [HtmlAttributeName("asp-for")]
    public ModelExpression For { get; set; } = default!;

    public string Label { get; set; } = "";
    public string? Hint { get; set; }
    public string Type { get; set; } = "text";
    public string? Autocomplete { get; set; }
    public bool Required { get; set; }
    public int? Maxlength { get; set; }
    public string? Inputmode { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = default!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var field = FieldState.For(ViewContext, For);
        var hasError = field.Error is not null;
        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", hasError ? "fr-input-group fr-input-group--error" : "fr-input-group");

        var html = new System.Text.StringBuilder();
        html.Append($"<label class=\"fr-label\" for=\"{E(field.Id)}\">{E(Label)}");
        if (Required)
        {
            html.Append("<span aria-hidden=\"true\"> *</span>");
        }

        if (Hint is not null)
        {
            html.Append($"<span class=\"fr-hint-text\">{E(Hint)}</span>");
        }

        html.Append("</label>");
        html.Append($"<input class=\"fr-input{(hasError ? " fr-input--error" : "")}\" type=\"{E(Type)}\" id=\"{E(field.Id)}\" name=\"{E(field.Name)}\" value=\"{E(field.Value ?? "")}\" aria-describedby=\"{E(field.MessagesId)}\"");
        if (Autocomplete is not null)
        {
            html.Append($" autocomplete=\"{E(Autocomplete)}\"");
        }

        if (Maxlength is not null)
        {
            html.Append($" maxlength=\"{Maxlength}\"");
        }

        if (Inputmode is not null)
        {
            html.Append($" inputmode=\"{E(Inputmode)}\"");
        }

        if (Required)
        {
            html.Append(" required aria-required=\"true\"");
        }

        if (hasError)
        {
            html.Append(" aria-invalid=\"true\"");
        }

        html.Append('>');
        html.Append($"<div class=\"fr-messages-group\" id=\"{E(field.MessagesId)}\" aria-live=\"polite\">");
        if (hasError)
        {
            html.Append($"<p class=\"fr-message fr-message--error\" id=\"{E(field.Id)}-error\">{E(field.Error!)}</p>");
        }

        html.Append("</div>");
        output.Content.SetHtmlContent(html.ToString());
    }

    private string E(string value) => encoder.Encode(value);
}
