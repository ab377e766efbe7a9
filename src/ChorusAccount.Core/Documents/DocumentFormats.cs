namespace ChorusAccount.Core.Documents;

/// <summary>The Chorus Pro extension allow-list, the content type each is served with, which may be shown inline,
/// and the leading bytes the binary formats must start with.</summary>
public static class DocumentFormats
{
    private static readonly byte[] _zip = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] _emptyZip = [0x50, 0x4B, 0x05, 0x06];
    private static readonly byte[] _ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private static readonly byte[] _gzip = [0x1F, 0x8B];
    private static readonly byte[] _tiffLittle = [0x49, 0x49, 0x2A, 0x00];
    private static readonly byte[] _tiffBig = [0x4D, 0x4D, 0x00, 0x2A];

    private static readonly Dictionary<string, string> _contentTypes = new(StringComparer.Ordinal)
    {
        ["bmp"] = "image/bmp",
        ["gif"] = "image/gif",
        ["fax"] = "image/g3fax",
        ["odt"] = "application/vnd.oasis.opendocument.text",
        ["ppt"] = "application/vnd.ms-powerpoint",
        ["tiff"] = "image/tiff",
        ["xls"] = "application/vnd.ms-excel",
        ["bz2"] = "application/x-bzip2",
        ["gz"] = "application/gzip",
        ["jpeg"] = "image/jpeg",
        ["p7s"] = "application/pkcs7-signature",
        ["rtf"] = "application/rtf",
        ["txt"] = "text/plain",
        ["xml"] = "application/xml",
        ["csv"] = "text/csv",
        ["gzip"] = "application/gzip",
        ["jpg"] = "image/jpeg",
        ["pdf"] = "application/pdf",
        ["svg"] = "image/svg+xml",
        ["xhtml"] = "application/xhtml+xml",
        ["xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ["doc"] = "application/msword",
        ["htm"] = "text/html",
        ["odp"] = "application/vnd.oasis.opendocument.presentation",
        ["png"] = "image/png",
        ["tgz"] = "application/gzip",
        ["xlc"] = "application/vnd.ms-excel",
        ["zip"] = "application/zip",
        ["docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ["html"] = "text/html",
        ["ods"] = "application/vnd.oasis.opendocument.spreadsheet",
        ["pps"] = "application/vnd.ms-powerpoint",
        ["tif"] = "image/tiff",
        ["xlm"] = "application/vnd.ms-excel",
        ["pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    };

    // Only formats a browser renders without running anything; never HTML, XHTML, SVG or XML.
    private static readonly HashSet<string> _inline = new(StringComparer.Ordinal) { "pdf", "png", "jpg", "jpeg", "gif", "bmp" };

    private static readonly Dictionary<string, byte[][]> _signatures = new(StringComparer.Ordinal)
    {
        ["pdf"] = ["%PDF-"u8.ToArray()],
        ["png"] = [[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]],
        ["jpg"] = [[0xFF, 0xD8, 0xFF]],
        ["jpeg"] = [[0xFF, 0xD8, 0xFF]],
        ["gif"] = ["GIF87a"u8.ToArray(), "GIF89a"u8.ToArray()],
        ["tif"] = [_tiffLittle, _tiffBig],
        ["tiff"] = [_tiffLittle, _tiffBig],
        ["bmp"] = ["BM"u8.ToArray()],
        ["zip"] = [_zip, _emptyZip],
        ["docx"] = [_zip],
        ["xlsx"] = [_zip],
        ["pptx"] = [_zip],
        ["odt"] = [_zip],
        ["ods"] = [_zip],
        ["odp"] = [_zip],
        ["doc"] = [_ole],
        ["xls"] = [_ole],
        ["ppt"] = [_ole],
        ["pps"] = [_ole],
        ["gz"] = [_gzip],
        ["gzip"] = [_gzip],
        ["tgz"] = [_gzip],
        ["bz2"] = ["BZh"u8.ToArray()],
    };

    /// <summary>How many leading bytes <see cref="StartsAsExpected"/> needs at most.</summary>
    public const int SignatureLength = 8;

    public static bool IsAllowed(string extension) => _contentTypes.ContainsKey(extension);

    public static string ContentTypeOf(string extension) => _contentTypes.GetValueOrDefault(extension, "application/octet-stream");

    public static bool MayShowInline(string extension) => _inline.Contains(extension);

    /// <summary>True when the extension has no known signature (text formats), or the content starts with one of its signatures.</summary>
    public static bool StartsAsExpected(string extension, ReadOnlySpan<byte> head)
    {
        if (!_signatures.TryGetValue(extension, out var signatures))
        {
            return true;
        }

        foreach (var signature in signatures)
        {
            if (head.StartsWith(signature))
            {
                return true;
            }
        }

        return false;
    }
}
