using System.Globalization;
using Microsoft.AspNetCore.Mvc.Razor;

namespace ChorusAccount.Web.Infrastructure;

/// <summary>The base of every view (<c>_ViewImports</c>): what views used to work out each for itself.</summary>
public abstract class PortalRazorPage<TModel> : RazorPage<TModel>
{
    /// <summary>The user chose English: labels that come from data in both languages take the English one.</summary>
    public static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    /// <summary>The first error under a ModelState key, or null.</summary>
    public string? ErrorOf(string key) => ViewData.ModelState.TryGetValue(key, out var e) && e.Errors.Count > 0 ? e.Errors[0].ErrorMessage : null;
}
