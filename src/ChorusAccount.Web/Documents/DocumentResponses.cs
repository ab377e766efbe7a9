using ChorusAccount.Core.Documents;
using Microsoft.Net.Http.Headers;

namespace ChorusAccount.Web.Documents;

/// <summary>Headers every document response carries: the file name (RFC 6266 `filename*`), no sniffing, no caching,
/// and a sandbox so that nothing in a file can run as the portal.</summary>
public static class DocumentResponses
{
    public const string SandboxPolicy = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'";

    public static void Prepare(HttpResponse response, string fileName, bool inline)
    {
        var disposition = new ContentDispositionHeaderValue(inline ? "inline" : "attachment");
        disposition.SetHttpFileName(fileName);
        response.Headers.ContentDisposition = disposition.ToString();
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = SandboxPolicy;
        response.Headers.CacheControl = "private, no-store";
    }

    /// <summary>Only PDF and raster images are ever shown in the browser.</summary>
    public static bool ShowsInline(DocumentFile file) => DocumentFormats.MayShowInline(file.Extension);
}
