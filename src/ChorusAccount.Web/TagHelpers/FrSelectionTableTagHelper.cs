using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace ChorusAccount.Web.TagHelpers;

/// <summary>
/// A DSFR table whose first column « Sélection » ticks rows for the buttons under it: the table (its caption, for screen
/// readers only unless <c>visible-caption</c>) described by the messages group of its selection field, which shows the
/// selection's error (« nothing ticked »...) and puts the table in its error state. The view writes the head and rows.
/// </summary>
[HtmlTargetElement("fr-selection-table", Attributes = "field")]
public sealed class FrSelectionTableTagHelper(HtmlEncoder encoder) : TagHelper
{
    /// <summary>The selection's ModelState key: the id of the table's wrapper, the one the error summary links to.</summary>
    public string Field { get; set; } = "";

    /// <summary>The id of the table itself.</summary>
    [HtmlAttributeName("table-id")]
    public string? TableId { get; set; }

    public string Caption { get; set; } = "";

    [HtmlAttributeName("visible-caption")]
    public bool VisibleCaption { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = default!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        // The head and rows the view writes go straight to the page between the two parts, never copied into a string.
        var field = FieldState.Of(ViewContext, Field, Field);
        output.TagName = null;
        var e = encoder;
        output.PreContent.SetHtmlContent(
            $"<div class=\"fr-table{(field.HasError ? " chorus-table--error" : "")}\" id=\"{e.Encode(field.Id)}\">"
            + $"<table{(TableId is null ? "" : $" id=\"{e.Encode(TableId)}\"")} aria-describedby=\"{e.Encode(field.MessagesId)}\">"
            + $"<caption{(VisibleCaption ? "" : " class=\"fr-sr-only\"")}>{e.Encode(Caption)}</caption>");
        output.PostContent.SetHtmlContent(
            "</table></div>"
            + $"<div class=\"fr-messages-group\" id=\"{e.Encode(field.MessagesId)}\" aria-live=\"polite\">"
            + (field.HasError ? $"<p class=\"fr-message fr-message--error\" id=\"{e.Encode(field.ErrorId)}\">{e.Encode(field.Error!)}</p>" : "")
            + "</div>");
    }
}
