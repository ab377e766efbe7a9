using Microsoft.AspNetCore.Mvc.TagHelpers;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace ChorusAccount.Web.TagHelpers;

/// <summary>
/// The portal's <c>&lt;a asp-controller asp-action asp-route-…&gt;</c>: the framework's anchor tag helper, with each
/// link's address from <see cref="PortalLinks"/> (computed once per route, not once per link). Links the template cannot
/// express — a link to the page being shown, route values other than identifiers, a host, a protocol, an area, a page,
/// a named route — are left to the framework, as before.
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
public sealed class PortalAnchorTagHelper(IHtmlGenerator generator) : AnchorTagHelper(generator)
{
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (Href() is { } href && !output.Attributes.ContainsName("href"))
        {
            output.Attributes.SetAttribute("href", href);
            return;
        }

        base.Process(context, output);
    }

    private string? Href() =>
        Controller is null || Action is null || Area is not null || Page is not null || PageHandler is not null
            || Host is not null || Protocol is not null || Route is not null
            ? null
            : PortalLinks.FromTemplate(ViewContext, Controller, Action, Fragment, [.. RouteValues.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))]);
}
