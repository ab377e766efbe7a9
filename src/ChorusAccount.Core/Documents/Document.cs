using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Data;

namespace ChorusAccount.Core.Documents;

/// <summary>A pièce jointe kept in the account; its bytes live in <see cref="DocumentContent"/>.</summary>
public sealed class Document
{
    public Guid Id { get; set; } = NewId.Sequential();
    public Guid UserId { get; set; }
    public User? User { get; set; }
    public required string Designation { get; set; }
    public int DocumentTypeId { get; set; }
    public DocumentType? DocumentType { get; set; }

    /// <summary>The safe file name it is served under.</summary>
    public required string FileName { get; set; }

    /// <summary>Lower-case, without the dot.</summary>
    public required string Extension { get; set; }

    public required string ContentType { get; set; }
    public long Size { get; set; }

    /// <summary>Lower-case hex SHA-256 of the content.</summary>
    public required string Sha256 { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>A document's bytes, apart so that lists never load them.</summary>
public sealed class DocumentContent
{
    public Guid DocumentId { get; set; }
    public required byte[] Data { get; set; }
}
