using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace ChorusAccount.Web.TagHelpers;

/// <summary>One choice of a radio or checkbox group: its value, its label (and the label's language when it is not the
/// page's, an endonym), a hint under the label, and the id of its control when not derived from the field's.</summary>
public sealed record FrChoice(string Value, string Label, string? Lang = null, string? Hint = null, string? Id = null);

/// <summary>
/// A DSFR radio (<c>fr-radios</c>) or checkbox (<c>fr-checkboxes</c>) group: a fieldset whose legend is the label (with
/// the required mark and hint), one DSFR radio or checkbox group per choice, the field's messages in the fieldset.
/// The tag's content (another field of the same question) comes right after the legend.
/// </summary>
[HtmlTargetElement("fr-radios")]
[HtmlTargetElement("fr-checkboxes")]
public sealed class FrChoicesTagHelper(HtmlEncoder encoder) : FrFieldTagHelper(encoder)
{
    public IEnumerable<FrChoice> Choices { get; set; } = [];

    /// <summary>Choices side by side.</summary>
    public bool Inline { get; set; }

    /// <summary>A legend in regular weight (a question inside a fieldset).</summary>
    public bool Regular { get; set; }

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        var radio = context.TagName == "fr-radios";
        var kind = radio ? "radio" : "checkbox";
        var field = State();
        var childContent = (await output.GetChildContentAsync()).GetContent();
        var extra = output.Attributes.TryGetAttribute("class", out var c) ? " " + c.Value : "";
        output.TagName = "fieldset";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "fr-fieldset" + (field.HasError ? " fr-fieldset--error" : "") + extra);
        output.Attributes.SetAttribute("id", field.Id);
        output.Attributes.SetAttribute("aria-labelledby", $"{field.Id}-legend {field.MessagesId}");

        var html = new StringBuilder();
        html.Append($"<legend class=\"fr-fieldset__legend{(Regular ? " fr-fieldset__legend--regular" : "")}\" id=\"{E(field.Id)}-legend\">{E(Label)}");
        if (field.Required)
        {
            html.Append("<span aria-hidden=\"true\"> *</span>");
        }

        if (Hint is not null)
        {
            html.Append($"<span class=\"fr-hint-text\">{E(Hint)}</span>");
        }

        html.Append("</legend>");
        html.Append(childContent);
        foreach (var choice in Choices)
        {
            var id = choice.Id ?? $"{field.Id}_{Microsoft.AspNetCore.Mvc.Rendering.TagBuilder.CreateSanitizedId(choice.Value, "_")}";
            var isChecked = field.Values.Contains(choice.Value, StringComparer.OrdinalIgnoreCase);
            html.Append($"<div class=\"fr-fieldset__element{(Inline ? " fr-fieldset__element--inline" : "")}\"><div class=\"fr-{kind}-group\">");
            html.Append($"<input type=\"{kind}\" id=\"{E(id)}\" name=\"{E(field.Name)}\" value=\"{E(choice.Value)}\"{(isChecked ? " checked" : "")}>");
            html.Append($"<label class=\"fr-label\" for=\"{E(id)}\"{(choice.Lang is null ? "" : $" lang=\"{E(choice.Lang)}\"")}>{E(choice.Label)}");
            if (choice.Hint is not null)
            {
                html.Append($" <span class=\"fr-hint-text\">{E(choice.Hint)}</span>");
            }

            html.Append("</label></div></div>");
        }

        AppendMessages(html, field);
        output.Content.SetHtmlContent(html.ToString());
    }
}

/// <summary>
/// One DSFR checkbox for a yes/no field (<c>fr-checkbox-group</c>), with its hint and messages; the hidden « false » after
/// it (for a model's field) makes an unticked box post « false ».
/// </summary>
[HtmlTargetElement("fr-checkbox", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FrCheckboxTagHelper(HtmlEncoder encoder) : FrFieldTagHelper(encoder)
{
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var field = State();
        Group(output, "fr-checkbox-group", field.HasError);
        var isChecked = string.Equals(field.Value, "true", StringComparison.OrdinalIgnoreCase);
        var html = new StringBuilder();
        html.Append($"<input type=\"checkbox\" id=\"{E(field.Id)}\" name=\"{E(field.Name)}\" value=\"true\"{(isChecked ? " checked" : "")} aria-describedby=\"{E(field.MessagesId)}\"{(field.HasError ? " aria-invalid=\"true\"" : "")}>");
        AppendLabel(html, field);
        AppendMessages(html, field);
        if (For is not null)
        {
            html.Append($"<input type=\"hidden\" name=\"{E(field.Name)}\" value=\"false\">");
        }

        output.Content.SetHtmlContent(html.ToString());
    }
}
