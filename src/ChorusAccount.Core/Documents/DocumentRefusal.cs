namespace ChorusAccount.Core.Documents;

/// <summary>Why a file is refused; each has its message beside the file field.</summary>
public enum DocumentRefusal
{
    NoFile,
    Empty,
    TooLarge,
    NameTooLong,
    InvalidName,
    NoExtension,
    ExtensionNotAllowed,
    ContentMismatch,
    TooManyDocuments,
    QuotaExceeded,
    UnknownType,
}
