using ChorusAccount.Core.Data;
namespace ChorusAccount.Core.Madrhas;

/// <summary>One import of a MADRHAS extract: which file, when, and what it did (kept for the operators).</summary>
public sealed class MadrhasImportRun
{
    public Guid Id { get; set; } = NewId.Sequential();
    public required string FileName { get; set; }

    /// <summary>SHA-256 of the file, in lower-case hex: tells two runs of the same extract apart from two extracts.</summary>
    public required string FileHash { get; set; }

    /// <summary>A full extract: MADRHAS memberships absent from it are ended.</summary>
    public bool Full { get; set; }

    public MadrhasImportRunStatus Status { get; set; } = MadrhasImportRunStatus.Running;

    /// <summary>1 while running, else null; its unique index lets one run at a time hold it, across nodes.</summary>
    public int? RunningLock { get; set; } = 1;

    public DateTime StartedAt { get; set; }

    /// <summary>Renewed after every batch: a running run whose heartbeat is old was killed, and is taken over.</summary>
    public DateTime HeartbeatAt { get; set; }

    public DateTime? EndedAt { get; set; }

    /// <summary>Why the run failed or the file was refused, for the operator.</summary>
    public string? Error { get; set; }

    public int RecordsRead { get; set; }
    public int RecordsRejected { get; set; }
    public int UsersCreated { get; set; }
    public int UsersUpdated { get; set; }
    public int UsersDeactivated { get; set; }
    public int UsersReactivated { get; set; }
    public int StructuresCreated { get; set; }
    public int ServicesCreated { get; set; }
    public int MembershipsCreated { get; set; }
    public int MembershipsUpdated { get; set; }
    public int MembershipsEnded { get; set; }
}

public enum MadrhasImportRunStatus
{
    Running = 1,
    Completed = 2,
    Failed = 3,

    /// <summary>The process died during the run (its heartbeat stopped); a later run applied the file again.</summary>
    Abandoned = 4,
}
