using ChorusAccount.Core.Data;

namespace ChorusAccount.Core.Documents;

/// <summary>The Chorus Pro rules on a file, before its content is read, then on its leading bytes; and the account quota.</summary>
public static class DocumentRules
{
    /// <summary>Checks the name and size announced by the upload; on success, <paramref name="safeName"/> is the name to store.</summary>
    public static DocumentRefusal? CheckFile(string? fileName, long length, DocumentsOptions options, out string safeName)
    {
        safeName = DocumentFileName.Sanitize(fileName);
        if (string.IsNullOrEmpty(fileName))
        {
            return DocumentRefusal.NoFile;
        }

        if (length == 0)
        {
            return DocumentRefusal.Empty;
        }

        if (length > options.MaxFileBytes)
        {
            return DocumentRefusal.TooLarge;
        }

        if (safeName.Length == 0)
        {
            return DocumentRefusal.InvalidName;
        }

        if (safeName.Length > FieldLengths.FileName)
        {
            return DocumentRefusal.NameTooLong;
        }

        var extension = DocumentFileName.ExtensionOf(safeName);
        if (extension.Length == 0)
        {
            return DocumentRefusal.NoExtension;
        }

        return DocumentFormats.IsAllowed(extension) ? null : DocumentRefusal.ExtensionNotAllowed;
    }

    public static DocumentRefusal? CheckContent(string extension, ReadOnlySpan<byte> content) =>
        DocumentFormats.StartsAsExpected(extension, content) ? null : DocumentRefusal.ContentMismatch;

    public static DocumentRefusal? CheckQuota(int documentCount, long totalBytes, long newFileBytes, DocumentsOptions options)
    {
        if (documentCount >= options.MaxDocumentsPerAccount)
        {
            return DocumentRefusal.TooManyDocuments;
        }

        return totalBytes + newFileBytes > options.MaxTotalBytesPerAccount ? DocumentRefusal.QuotaExceeded : null;
    }
}
