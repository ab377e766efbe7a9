using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Routing.Template;

namespace ChorusAccount.Web.Authentication;

/// <summary>
/// A form posted without a session in force (expired, ended on the server, or gone with the browser's cookies) sends the
/// browser to the PIGP like any page; the PIGP sends it back with a GET, and the post is not replayed (its body is lost).
/// Sent back to the posted address, it would meet a post-only route (405). So the challenge of a post sends it back
/// to the page that held the form instead, and that page, once signed in again, says « Votre session avait expiré : vos
/// modifications n'ont pas été enregistrées » (<see cref="MessageKey"/>, the layout's warning alert).
/// </summary>
public static class ExpiredSessionPosts
{
    /// <summary>The sign-in's property that says it started from a post; it travels in the PIGP's <c>state</c>, protected.</summary>
    public const string Item = "chorus:expired_post";

    public const string MessageKey = "Session.ExpiredPost";

    /// <summary>The OpenID Connect challenge: for a post, the page to come back to, and the mark that asks for the message.</summary>
    public static Task OnRedirectToIdentityProvider(RedirectContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method) && request.Path == Controllers.SessionController.SignOutPath)
        {
            // « Se déconnecter » with no session left: the agent asked to leave, not to sign in again (the PIGP would
            // sign it straight back in, on the page it wanted to leave). Nothing to end here: the signed-out page.
            context.Response.Redirect(request.PathBase + Controllers.SessionController.SignedOutPath);
            context.HandleResponse();
            return Task.CompletedTask;
        }

        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            context.Properties.RedirectUri = FormPage(context.HttpContext);
            context.Properties.Items[Item] = "true";
        }

        return Task.CompletedTask;
    }

    /// <summary>Back from the PIGP and signed in: the page the browser goes to next shows the message, once.</summary>
    public static Task OnTicketReceived(TicketReceivedContext context)
    {
        if (context.Properties?.Items.ContainsKey(Item) == true)
        {
            var tempData = context.HttpContext.RequestServices.GetRequiredService<ITempDataDictionaryFactory>().GetTempData(context.HttpContext);
            tempData["Warning"] = MessageKey;
            tempData.Save();
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The page that held the posted form: the <c>Referer</c> (path and query) when it is this portal's and a page (a route
    /// that answers GET); else the posted address when it is a page too; else the home page. Never another site.
    /// </summary>
    public static string FormPage(HttpContext http)
    {
        var request = http.Request;
        var origin = new Uri($"{request.Scheme}://{request.Host}/");
        if (Uri.TryCreate(request.Headers.Referer.ToString(), UriKind.Absolute, out var referer)
            && Uri.Compare(referer, origin, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
            && new PathString(referer.AbsolutePath).StartsWithSegments(request.PathBase, out var refererPath)
            && IsPage(http, refererPath))
        {
            return referer.PathAndQuery;
        }

        return IsPage(http, request.Path) ? request.PathBase + request.Path : request.PathBase + "/";
    }

    /// <summary>True when an endpoint answers GET at <paramref name="path"/>, its route's constraints included
    /// (<c>/ops/imports/lancer</c> is not <c>/ops/imports/{id:guid}</c>).</summary>
    private static bool IsPage(HttpContext http, PathString path)
    {
        var constraints = http.RequestServices.GetRequiredService<IInlineConstraintResolver>();
        foreach (var endpoint in http.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is { } methods && !methods.HttpMethods.Contains(HttpMethods.Get))
            {
                continue;
            }

            var pattern = endpoint.RoutePattern;
            var values = new RouteValueDictionary();
            if (new TemplateMatcher(new RouteTemplate(pattern), new RouteValueDictionary(pattern.Defaults)).TryMatch(path, values)
                && pattern.ParameterPolicies.All(parameter => !values.ContainsKey(parameter.Key) || parameter.Value.All(policy =>
                    (policy.ParameterPolicy as IRouteConstraint ?? (policy.Content is null ? null : constraints.ResolveConstraint(policy.Content))) is not { } constraint
                    || constraint.Match(http, null, parameter.Key, values, RouteDirection.IncomingRequest))))
            {
                return true;
            }
        }

        return false;
    }
}
