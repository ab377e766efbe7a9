using ChorusAccount.Web.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace ChorusAccount.Web.Infrastructure;

/// <summary>First sign-in: nothing opens until the account initialised from MADRHAS has been checked and validated.</summary>
public sealed class RequireCompletedProfileFilter : IAsyncAuthorizationFilter
{
    public Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var user = context.HttpContext.User;
        var metadata = context.ActionDescriptor.EndpointMetadata;
        if (user.Identity?.IsAuthenticated == true
            && !user.HasValidatedProfile()
            && !metadata.OfType<AllowIncompleteProfileAttribute>().Any()
            && !metadata.OfType<IAllowAnonymous>().Any())
        {
            context.Result = new RedirectToActionResult("Complete", "Account", null);
        }

        return Task.CompletedTask;
    }
}
