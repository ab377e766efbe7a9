using ChorusAccount.Core.Documents;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace ChorusAccount.Web.Documents;

/// <summary>Sets the upload action's request size limit from the `Documents` options, a little above the file limit,
/// so a slightly oversize file reaches the rules and gets its message. Runs before the antiforgery check reads the form.</summary>
public sealed class DocumentUploadLimitAttribute : Attribute, IAuthorizationFilter, IOrderedFilter
{
    // Before AutoValidateAntiforgeryToken (1000), like the framework's own [RequestSizeLimit] (900).
    public int Order => 900;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<DocumentsOptions>>().Value;
        // Far over the limit: answered at once (the portal's 413 page), before anything reads the body.
        if (context.HttpContext.Request.ContentLength > options.MaxRequestBytes)
        {
            context.Result = new StatusCodeResult(StatusCodes.Status413PayloadTooLarge);
            return;
        }

        if (context.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = options.MaxRequestBytes;
        }
    }
}
