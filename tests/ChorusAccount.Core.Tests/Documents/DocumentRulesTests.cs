using ChorusAccount.Core.Documents;

namespace ChorusAccount.Core.Tests.Documents;

public sealed class DocumentRulesTests
{
    private static readonly DocumentsOptions _options = new();

    private static DocumentRefusal? Check(string? name, long length = 100) => DocumentRules.CheckFile(name, length, _options, out _);

    [Theory]
    [InlineData("bmp")]
    [InlineData("FAX")]
    [InlineData("p7s")]
    [InlineData("xhtml")]
    [InlineData("Docx")]
    [InlineData("xlm")]
    [InlineData("tgz")]
    public void Every_extension_of_the_Chorus_Pro_list_is_accepted_whatever_its_case(string extension) =>
        Assert.Null(Check("fichier." + extension));

    [Theory]
    [InlineData("programme.exe", DocumentRefusal.ExtensionNotAllowed)]
    [InlineData("script.js", DocumentRefusal.ExtensionNotAllowed)]
    [InlineData("archive.7z", DocumentRefusal.ExtensionNotAllowed)]
    [InlineData("facture.pdf.exe", DocumentRefusal.ExtensionNotAllowed)]
    [InlineData("sans-extension", DocumentRefusal.NoExtension)]
    [InlineData("point-final.", DocumentRefusal.NoExtension)]
    [InlineData(".pdf", DocumentRefusal.NoExtension)]
    [InlineData("../", DocumentRefusal.InvalidName)]
    [InlineData("", DocumentRefusal.NoFile)]
    [InlineData(null, DocumentRefusal.NoFile)]
    public void Names_without_an_allowed_extension_are_refused(string? name, DocumentRefusal expected) =>
        Assert.Equal(expected, Check(name));

    [Fact]
    public void Fifty_characters_including_the_extension_pass_and_fifty_one_do_not()
    {
        Assert.Null(Check(new string('a', 46) + ".pdf"));
        Assert.Equal(DocumentRefusal.NameTooLong, Check(new string('a', 47) + ".pdf"));
    }

    [Fact]
    public void The_length_is_counted_on_the_safe_name_without_the_path()
    {
        Assert.Null(Check("C:\\Users\\agent\\Documents\\tres\\long\\chemin\\vers\\le\\dossier\\facture.pdf"));
    }

    [Fact]
    public void Empty_files_and_files_over_the_limit_are_refused_and_the_limit_itself_passes()
    {
        Assert.Equal(DocumentRefusal.Empty, Check("a.pdf", 0));
        Assert.Null(Check("a.pdf", 10 * 1024 * 1024));
        Assert.Equal(DocumentRefusal.TooLarge, Check("a.pdf", (10 * 1024 * 1024) + 1));
    }

    [Theory]
    [InlineData("pdf", new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31 }, true)]
    [InlineData("pdf", new byte[] { 0x4D, 0x5A, 0x90, 0x00 }, false)]
    [InlineData("png", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, true)]
    [InlineData("png", new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, false)]
    [InlineData("jpg", new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, true)]
    [InlineData("jpeg", new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61 }, false)]
    [InlineData("gif", new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61 }, true)]
    [InlineData("tif", new byte[] { 0x49, 0x49, 0x2A, 0x00 }, true)]
    [InlineData("tiff", new byte[] { 0x4D, 0x4D, 0x00, 0x2A }, true)]
    [InlineData("bmp", new byte[] { 0x42, 0x4D, 0x00 }, true)]
    [InlineData("docx", new byte[] { 0x50, 0x4B, 0x03, 0x04 }, true)]
    [InlineData("odt", new byte[] { 0x4D, 0x5A }, false)]
    [InlineData("xls", new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }, true)]
    [InlineData("zip", new byte[] { 0x50, 0x4B, 0x05, 0x06 }, true)]
    [InlineData("gz", new byte[] { 0x1F, 0x8B, 0x08 }, true)]
    [InlineData("pdf", new byte[] { 0x25, 0x50 }, false)]
    [InlineData("txt", new byte[] { 0x4D, 0x5A }, true)]
    public void Binary_formats_must_start_with_their_signature(string extension, byte[] head, bool accepted) =>
        Assert.Equal(accepted ? null : DocumentRefusal.ContentMismatch, DocumentRules.CheckContent(extension, head));

    [Fact]
    public void The_quota_counts_documents_and_bytes()
    {
        var options = new DocumentsOptions { MaxDocumentsPerAccount = 3, MaxTotalBytesPerAccount = 1000 };

        Assert.Null(DocumentRules.CheckQuota(2, 900, 100, options));
        Assert.Equal(DocumentRefusal.TooManyDocuments, DocumentRules.CheckQuota(3, 0, 1, options));
        Assert.Equal(DocumentRefusal.QuotaExceeded, DocumentRules.CheckQuota(2, 900, 101, options));
    }

    [Theory]
    [InlineData("pdf", true)]
    [InlineData("png", true)]
    [InlineData("jpeg", true)]
    [InlineData("html", false)]
    [InlineData("htm", false)]
    [InlineData("xhtml", false)]
    [InlineData("svg", false)]
    [InlineData("xml", false)]
    [InlineData("txt", false)]
    public void Only_PDF_and_raster_images_may_be_shown_inline(string extension, bool inline) =>
        Assert.Equal(inline, DocumentFormats.MayShowInline(extension));
}
