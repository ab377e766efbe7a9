using System.Net.Http.Headers;
using ChorusAccount.Web.Tests.Infrastructure;

namespace ChorusAccount.Web.Tests.Documents;

/// <summary>The « Ajouter une pièce jointe » form sent as a browser sends it: multipart, with its antiforgery token.</summary>
internal static class DocumentUploads
{
    public const string AddPath = "/mon-compte/pieces-jointes";

    public static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();

    public static MultipartFormDataContent Multipart(HtmlForm form, string fileName, byte[] content, string designation, string typeId = "3")
    {
        var multipart = new MultipartFormDataContent();
        foreach (var (name, value) in form.Fields.Where(f => f.Key is not ("Upload.File" or "Upload.Designation" or "Upload.DocumentTypeId")))
        {
            multipart.Add(new StringContent(value), name);
        }

        multipart.Add(new StringContent(designation), "Upload.Designation");
        multipart.Add(new StringContent(typeId), "Upload.DocumentTypeId");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        // filename* (RFC 5987) carries the name byte for byte, control characters included.
        file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"Upload.File\"", FileNameStar = fileName };
        multipart.Add(file);
        return multipart;
    }

    /// <summary>From the window of « Mon compte ».</summary>
    public static async Task<Page> UploadAsync(this AgentClient agent, string fileName, byte[] content, string designation = "Présentation de la mairie", string typeId = "3") =>
        await agent.SubmitMultipartAsync((await agent.GetAsync("/mon-compte")).Form(AddPath), fileName, content, designation, typeId);

    /// <summary>The add <paramref name="form"/> (of « Mon compte » or of its page) with this file.</summary>
    public static async Task<Page> SubmitMultipartAsync(this AgentClient agent, HtmlForm form, string fileName, byte[] content, string designation, string typeId = "3")
    {
        using var body = Multipart(form, fileName, content, designation, typeId);
        using var response = await agent.Http.PostAsync(AddPath, body);
        return await Page.ReadAsync(response);
    }
}
