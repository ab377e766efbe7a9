using Microsoft.AspNetCore.StaticFiles;

namespace ChorusAccount.Web.Infrastructure;

/// <summary>How long a browser keeps a file of wwwroot: a year when the URL names its content (the `v` hash that
/// asp-append-version adds), otherwise it asks again (ETag, 304).</summary>
public static class StaticAssetCaching
{
    public const string Versioned = "public, max-age=31536000, immutable";
    public const string Unversioned = "no-cache";

    public static void Apply(StaticFileResponseContext context) =>
        context.Context.Response.Headers.CacheControl = context.Context.Request.Query.ContainsKey("v") ? Versioned : Unversioned;
}
