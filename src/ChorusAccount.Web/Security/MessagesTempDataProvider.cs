using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Options;

namespace ChorusAccount.Web.Security;

/// <summary>
/// The message shown after an action (« Vos modifications ont été enregistrées. ») travels in its cookie
/// (<see cref="CookieSecurity.TempDataCookieName"/>), written by the framework's provider. That provider removes the
/// cookie at the end of every request that read the messages, whether the browser sent one or not, and the layout
/// reads them on every page: every page answered with a <c>Set-Cookie</c> of an expired cookie. This one writes only
/// when there is a message to keep, or a cookie the browser sent to remove.
/// </summary>
public sealed class MessagesTempDataProvider(CookieTempDataProvider cookie, IOptions<CookieTempDataProviderOptions> options) : ITempDataProvider
{
    private readonly string _name = options.Value.Cookie.Name!;

    public IDictionary<string, object> LoadTempData(HttpContext context) => cookie.LoadTempData(context);

    public void SaveTempData(HttpContext context, IDictionary<string, object> values)
    {
        // A message split over several cookies keeps its first one under the name (ChunkingCookieManager).
        if (values.Count == 0 && !context.Request.Cookies.ContainsKey(_name))
        {
            return;
        }

        cookie.SaveTempData(context, values);
    }
}
