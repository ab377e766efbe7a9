using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace ChorusAccount.Web.TagHelpers;

/// <summary>
/// A DSFR modal (<c>fr-modal</c>): named by the button that opens it (<c>labelledby</c>, whose <c>aria-controls</c> is
/// the modal's id), in a container with its close button (<c>close-label</c>, from the localizer) before the content.
/// The view's classes come first (<c>fr-header__menu</c> for the header's menu on small screens).
/// </summary>
[HtmlTargetElement("fr-modal", Attributes = "id")]
public sealed class FrModalTagHelper(HtmlEncoder encoder) : TagHelper
{
    public string Id { get; set; } = "";

    public string Labelledby { get; set; } = "";

    [HtmlAttributeName("close-label")]
    public string CloseLabel { get; set; } = "";

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        var content = (await output.GetChildContentAsync()).GetContent();
        var classes = output.Attributes.TryGetAttribute("class", out var c) ? c.Value + " " : "";
        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", classes + "fr-modal");
        output.Attributes.SetAttribute("id", Id);
        output.Attributes.SetAttribute("aria-labelledby", Labelledby);
        var id = encoder.Encode(Id);
        var close = encoder.Encode(CloseLabel);
        output.Content.SetHtmlContent(
            $"<div class=\"fr-container\"><button type=\"button\" class=\"fr-btn--close fr-btn\" aria-controls=\"{id}\" title=\"{close}\">{close}</button>{content}</div>");
    }
}
