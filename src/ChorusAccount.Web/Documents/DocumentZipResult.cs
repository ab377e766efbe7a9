using System.IO.Compression;
using ChorusAccount.Core.Documents;
using Microsoft.AspNetCore.Mvc;

namespace ChorusAccount.Web.Documents;

/// <summary>The ticked documents as one ZIP, written straight to the response, one document's bytes in memory at a time.</summary>
public sealed class DocumentZipResult(Guid userId, IReadOnlyList<DocumentFile> files, string zipName) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        var http = context.HttpContext;
        var documents = http.RequestServices.GetRequiredService<GetDocuments>();
        var ct = http.RequestAborted;
        http.Response.ContentType = "application/zip";
        DocumentResponses.Prepare(http.Response, zipName, inline: false);

        var names = new ZipEntryNames();
        await using var output = new DrainableStream(http.Response.Body);
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in files)
            {
                var bytes = await documents.ContentAsync(userId, file.Id, ct);
                using (var target = zip.CreateEntry(names.Next(file.FileName), CompressionLevel.Fastest).Open())
                {
                    target.Write(bytes);
                }

                await output.DrainAsync(ct);
            }
        }

        // The central directory, written when the archive closes.
        await output.DrainAsync(ct);
    }
}
