using System.IO.Compression;
using ChorusAccount.Core.Documents;
using Microsoft.AspNetCore.Mvc;

namespace ChorusAccount.Web.Documents;

/// <summary>Documents as one ZIP, written straight to the response, one document's bytes in memory at a time; optionally
/// after a first entry of the caller's (the JSON of « Télécharger mes données »).</summary>
public sealed class DocumentZipResult(Guid userId, IReadOnlyList<(Guid DocumentId, string EntryName)> entries, string zipName, (string Name, byte[] Content)? first = null)
    : IActionResult
{
    /// <summary>The ticked documents, under their stored names made unique.</summary>
    public DocumentZipResult(Guid userId, IReadOnlyList<DocumentFile> files, string zipName)
        : this(userId, Named(files), zipName)
    {
    }

    private static List<(Guid, string)> Named(IReadOnlyList<DocumentFile> files)
    {
        var names = new ZipEntryNames();
        return [.. files.Select(f => (f.Id, names.Next(f.FileName)))];
    }

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var http = context.HttpContext;
        var documents = http.RequestServices.GetRequiredService<GetDocuments>();
        var ct = http.RequestAborted;
        http.Response.ContentType = "application/zip";
        DocumentResponses.Prepare(http.Response, zipName, inline: false);

        await using var output = new DrainableStream(http.Response.Body);
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            if (first is { } entry)
            {
                await WriteAsync(zip, output, entry.Name, entry.Content, ct);
            }

            foreach (var (documentId, entryName) in entries)
            {
                await WriteAsync(zip, output, entryName, await documents.ContentAsync(userId, documentId, ct), ct);
            }
        }

        // The central directory, written when the archive closes.
        await output.DrainAsync(ct);
    }

    private static async Task WriteAsync(ZipArchive zip, DrainableStream output, string name, byte[] bytes, CancellationToken ct)
    {
        using (var target = zip.CreateEntry(name, CompressionLevel.Fastest).Open())
        {
            target.Write(bytes);
        }

        await output.DrainAsync(ct);
    }
}
