namespace ChorusAccount.Core.Madrhas;

/// <summary>A record of an extract that an import run did not apply, and why.</summary>
public sealed class MadrhasRejectedRecord
{
    public long Id { get; set; }
    public Guid RunId { get; set; }
    public int LineNumber { get; set; }

    /// <summary>The identifiant as written on the record, if it had one.</summary>
    public string? Login { get; set; }

    public required string Reason { get; set; }

    /// <summary>The whole file was refused from this record on (encoding, header, quoting).</summary>
    public bool IsFileError { get; set; }
}
