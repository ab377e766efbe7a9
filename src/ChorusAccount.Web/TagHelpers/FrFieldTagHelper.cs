using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace ChorusAccount.Web.TagHelpers;

/// <summary>
/// What every DSFR field tag helper shares: bound to a model property with <c>asp-for</c> (or, for a field that is no
/// model property, to its ModelState key with <c>field</c> and its posted <c>name</c>), a label and a hint given by the
/// view from the localizer, the required mark and the maximum length read from the model, and the field's error from
/// ModelState shown next to it in its messages group (aria-describedby), the group in its error state.
/// </summary>
public abstract class FrFieldTagHelper(HtmlEncoder encoder) : TagHelper
{
    [HtmlAttributeName("asp-for")]
    public ModelExpression? For { get; set; }

    /// <summary>Without <c>asp-for</c>: the field's ModelState key, which is its id too.</summary>
    public string? Field { get; set; }

    /// <summary>Without <c>asp-for</c>: the posted name; with it, the name (and ModelState key) when the form is posted
    /// under another prefix than the view model's property.</summary>
    public string? Name { get; set; }

    /// <summary>Without <c>asp-for</c>: the field's value(s) before anything is posted.</summary>
    public object? Value { get; set; }

    public string Label { get; set; } = "";
    public string? Hint { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = default!;

    protected FieldState State()
    {
        return For is not null
            ? FieldState.For(ViewContext, For, Name)
            : FieldState.Of(ViewContext, Field ?? throw new InvalidOperationException("A DSFR field needs asp-for or field."), Name ?? Field, Values(Value), RequiredWithoutModel, MaxLengthWithoutModel);
    }

    /// <summary>Without <c>asp-for</c>: whether the field must be filled in (with it, <c>[Required]</c> says so).</summary>
    [HtmlAttributeName("required")]
    public bool RequiredWithoutModel { get; set; }

    /// <summary>An information message shown in the field's messages group (<c>fr-message--info</c>), before any error.</summary>
    public string? Info { get; set; }

    /// <summary>Without <c>asp-for</c>: the maximum length, from <see cref="Core.Data.FieldLengths"/>.</summary>
    [HtmlAttributeName("max-length")]
    public int? MaxLengthWithoutModel { get; set; }

    protected string E(string value) => encoder.Encode(value);

    /// <summary>Turns the tag into the field's group <c>div</c> (the view's classes kept after the group's).</summary>
    protected void Group(TagHelperOutput output, string groupClass, bool error)
    {
        var extra = output.Attributes.TryGetAttribute("class", out var c) ? " " + c.Value : "";
        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", groupClass + (error ? $" {groupClass}--error" : "") + extra);
    }

    /// <summary>The label, its required mark and its hint.</summary>
    protected void AppendLabel(StringBuilder html, FieldState field, string? forId = null, string? lang = null)
    {
        html.Append($"<label class=\"fr-label\" for=\"{E(forId ?? field.Id)}\"{(lang is null ? "" : $" lang=\"{E(lang)}\"")}>{E(Label)}");
        if (field.Required)
        {
            html.Append("<span aria-hidden=\"true\"> *</span>");
        }

        if (Hint is not null)
        {
            html.Append($"<span class=\"fr-hint-text\">{E(Hint)}</span>");
        }

        html.Append("</label>");
    }

    /// <summary>The attributes every control shares: id, name, required, aria-describedby (<paramref name="describedBy"/>
    /// before the messages), aria-invalid.</summary>
    protected void AppendControlAttributes(StringBuilder html, FieldState field, string? describedBy = null)
    {
        html.Append($" id=\"{E(field.Id)}\" name=\"{E(field.Name)}\"");
        if (field.MaxLength is { } max)
        {
            html.Append($" maxlength=\"{max}\"");
        }

        if (field.Required)
        {
            html.Append(" required aria-required=\"true\"");
        }

        html.Append($" aria-describedby=\"{(describedBy is null ? "" : E(describedBy) + " ")}{E(field.MessagesId)}\"");
        if (field.HasError)
        {
            html.Append(" aria-invalid=\"true\"");
        }
    }

    /// <summary>The messages group the control points to, with the field's error.</summary>
    protected void AppendMessages(StringBuilder html, FieldState field)
    {
        html.Append($"<div class=\"fr-messages-group\" id=\"{E(field.MessagesId)}\" aria-live=\"polite\">");
        if (!string.IsNullOrEmpty(Info))
        {
            html.Append($"<p class=\"fr-message fr-message--info\">{E(Info)}</p>");
        }

        if (field.HasError)
        {
            html.Append($"<p class=\"fr-message fr-message--error\" id=\"{E(field.ErrorId)}\">{E(field.Error!)}</p>");
        }

        html.Append("</div>");
    }

    private static List<string>? Values(object? value) => value switch
    {
        null => null,
        string one => [one],
        System.Collections.IEnumerable many => many.Cast<object?>().Select(v => v?.ToString() ?? "").ToList(),
        _ => [value.ToString() ?? ""],
    };
}

/// <summary>A DSFR input group (<c>fr-input-group</c>): text, e-mail, date...</summary>
[HtmlTargetElement("fr-input", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FrInputTagHelper(HtmlEncoder encoder) : FrFieldTagHelper(encoder)
{
    public string Type { get; set; } = "text";
    public string? Autocomplete { get; set; }
    public string? Inputmode { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var field = State();
        Group(output, "fr-input-group", field.HasError);
        var html = new StringBuilder();
        AppendLabel(html, field);
        html.Append($"<input class=\"fr-input{(field.HasError ? " fr-input--error" : "")}\" type=\"{E(Type)}\" value=\"{E(field.Value ?? "")}\"");
        AppendControlAttributes(html, field);
        if (Autocomplete is not null)
        {
            html.Append($" autocomplete=\"{E(Autocomplete)}\"");
        }

        if (Inputmode is not null)
        {
            html.Append($" inputmode=\"{E(Inputmode)}\"");
        }

        html.Append('>');
        AppendMessages(html, field);
        output.Content.SetHtmlContent(html.ToString());
    }
}

/// <summary>A DSFR text area, in an input group.</summary>
[HtmlTargetElement("fr-textarea", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FrTextareaTagHelper(HtmlEncoder encoder) : FrFieldTagHelper(encoder)
{
    public int Rows { get; set; } = 3;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var field = State();
        Group(output, "fr-input-group", field.HasError);
        var html = new StringBuilder();
        AppendLabel(html, field);
        html.Append($"<textarea class=\"fr-input{(field.HasError ? " fr-input--error" : "")}\" rows=\"{Rows}\"");
        AppendControlAttributes(html, field);
        html.Append($">{E(field.Value ?? "")}</textarea>");
        AppendMessages(html, field);
        output.Content.SetHtmlContent(html.ToString());
    }
}

/// <summary>
/// A DSFR file field (<c>fr-upload-group</c>) whose label is its visible button (« Parcourir »): the browser's own button
/// is hidden (site.css), the chosen file's name stays beside it, and the hint follows; no script needed.
/// </summary>
[HtmlTargetElement("fr-upload", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FrUploadTagHelper(HtmlEncoder encoder) : FrFieldTagHelper(encoder)
{
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var field = State();
        Group(output, "fr-upload-group", field.HasError);
        var hintId = field.Id + "-hint";
        var html = new StringBuilder("<div class=\"chorus-upload\">");
        html.Append($"<label class=\"fr-btn fr-btn--secondary fr-icon-folder-2-line fr-btn--icon-left\" for=\"{E(field.Id)}\">{E(Label)}</label>");
        if (field.Required)
        {
            html.Append("<span class=\"chorus-upload__required\" aria-hidden=\"true\">*</span>");
        }

        html.Append("<input class=\"fr-upload\" type=\"file\"");
        AppendControlAttributes(html, field with { MaxLength = null }, Hint is null ? null : hintId);
        html.Append("></div>");
        if (Hint is not null)
        {
            html.Append($"<p class=\"fr-hint-text fr-mt-1w\" id=\"{E(hintId)}\">{E(Hint)}</p>");
        }

        AppendMessages(html, field);
        output.Content.SetHtmlContent(html.ToString());
    }
}

/// <summary>
/// A DSFR select (<c>fr-select-group</c>) over <c>asp-items</c> (grouped by their <see cref="SelectListItem.Group"/>);
/// the first option is <c>placeholder</c> (to choose, not a value) or <c>empty-label</c> (the empty value, a choice).
/// </summary>
[HtmlTargetElement("fr-select", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FrSelectTagHelper(HtmlEncoder encoder) : FrFieldTagHelper(encoder)
{
    [HtmlAttributeName("asp-items")]
    public IEnumerable<SelectListItem> Items { get; set; } = [];

    public string? Placeholder { get; set; }

    [HtmlAttributeName("empty-label")]
    public string? EmptyLabel { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var field = State();
        Group(output, "fr-select-group", field.HasError);
        var html = new StringBuilder();
        AppendLabel(html, field);
        html.Append($"<select class=\"fr-select{(field.HasError ? " fr-select--error" : "")}\"");
        AppendControlAttributes(html, field with { MaxLength = null });
        html.Append('>');
        var value = field.Value ?? "";
        if (Placeholder is not null)
        {
            html.Append($"<option value=\"\"{(value.Length == 0 ? " selected" : "")} disabled hidden>{E(Placeholder)}</option>");
        }
        else if (EmptyLabel is not null)
        {
            html.Append($"<option value=\"\"{(value.Length == 0 ? " selected" : "")}>{E(EmptyLabel)}</option>");
        }

        foreach (var group in Items.GroupBy(i => i.Group?.Name))
        {
            if (group.Key is not null)
            {
                html.Append($"<optgroup label=\"{E(group.Key)}\">");
            }

            foreach (var item in group)
            {
                html.Append($"<option value=\"{E(item.Value)}\"{(item.Value == value ? " selected" : "")}>{E(item.Text)}</option>");
            }

            if (group.Key is not null)
            {
                html.Append("</optgroup>");
            }
        }

        html.Append("</select>");
        AppendMessages(html, field);
        output.Content.SetHtmlContent(html.ToString());
    }
}
