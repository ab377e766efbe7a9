using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace ChorusAccount.Web.TagHelpers;

/// <summary>
/// A DSFR modal window (<c>dialog.fr-modal</c>): its close button (<c>close-label</c>), its title (<c>heading</c>, a
/// heading with the id <c>{id}-title</c> that names the window) and the content. It opens from a button whose
/// <c>aria-controls</c> is its id; portal.js turns the link that leads to the same content as a page into that button,
/// so that without JavaScript the link still leads there.
/// </summary>
[HtmlTargetElement("fr-dialog", Attributes = "id")]
public sealed class FrDialogTagHelper(HtmlEncoder encoder) : TagHelper
{
    public string Id { get; set; } = "";

    /// <summary>The window's title.</summary>
    public string Heading { get; set; } = "";

    [HtmlAttributeName("close-label")]
    public string CloseLabel { get; set; } = "";

    /// <summary>A small window (« Paramètres d'affichage »): a third of a large screen instead of two.</summary>
    public bool Narrow { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        // The content the view writes goes straight to the page between the two parts, never copied into a string.
        var id = encoder.Encode(Id);
        var close = encoder.Encode(CloseLabel);
        output.TagName = "dialog";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("id", Id);
        output.Attributes.SetAttribute("class", "fr-modal");
        output.Attributes.SetAttribute("aria-labelledby", $"{Id}-title");
        output.PreContent.SetHtmlContent(
            "<div class=\"fr-container fr-container--fluid fr-container-md\"><div class=\"fr-grid-row fr-grid-row--center\">" +
            $"<div class=\"fr-col-12 {(Narrow ? "fr-col-md-6 fr-col-lg-4" : "fr-col-md-10 fr-col-lg-8")}\"><div class=\"fr-modal__body\">" +
            $"<div class=\"fr-modal__header\"><button type=\"button\" class=\"fr-btn--close fr-btn\" aria-controls=\"{id}\" title=\"{close}\">{close}</button></div>" +
            $"<div class=\"fr-modal__content\"><h2 class=\"fr-modal__title\" id=\"{id}-title\">{encoder.Encode(Heading)}</h2>");
        output.PostContent.SetHtmlContent("</div></div></div></div></div>");
    }
}
