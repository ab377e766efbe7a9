using System.ComponentModel.DataAnnotations;

namespace ChorusAccount.Core.Documents;

/// <summary>Limits on pièces jointes (section `Documents`), validated at start.</summary>
public sealed class DocumentsOptions
{
    public const string Section = "Documents";

    /// <summary>Chorus Pro: under 10 MB per file.</summary>
    [Range(1, int.MaxValue)]
    public long MaxFileBytes { get; set; } = 10 * 1024 * 1024;

    [Range(1, 100_000)]
    public int MaxDocumentsPerAccount { get; set; } = 100;

    [Range(1, long.MaxValue)]
    public long MaxTotalBytesPerAccount { get; set; } = 200L * 1024 * 1024;

    /// <summary>Room above the file size for the rest of the upload form, so that an oversize file reaches
    /// the rules and gets its message instead of a bare 413.</summary>
    [Range(0, int.MaxValue)]
    public long RequestOverheadBytes { get; set; } = 1024 * 1024;

    public long MaxRequestBytes => MaxFileBytes + RequestOverheadBytes;
}
