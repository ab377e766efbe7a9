namespace ChorusAccount.Core.Madrhas;

/// <summary>What one import of an extract did, and the records it rejected.</summary>
public sealed class MadrhasImportReport
{
    private readonly List<MadrhasRejection> _rejectedRecords = [];

    /// <summary>The recorded run, unless it was a dry run.</summary>
    public Guid? RunId { get; internal set; }

    /// <summary>Non-empty data records read (a quoted record spanning several lines counts once), rejected ones included.</summary>
    public int RecordsRead { get; internal set; }

    public int UsersCreated { get; internal set; }

    /// <summary>Known users whose MADRHAS fields changed (deactivations and reactivations are counted apart).</summary>
    public int UsersUpdated { get; internal set; }

    public int UsersDeactivated { get; internal set; }
    public int UsersReactivated { get; internal set; }
    public int StructuresCreated { get; internal set; }

    /// <summary>Service codes created on structures (labelled with their code).</summary>
    public int ServicesCreated { get; internal set; }

    public int MembershipsCreated { get; internal set; }

    /// <summary>MADRHAS memberships whose role, services or dates changed (a primary manager handing over included).</summary>
    public int MembershipsUpdated { get; internal set; }

    /// <summary>MADRHAS memberships absent from a full extract.</summary>
    public int MembershipsEnded { get; internal set; }

    /// <summary>In file order; a file-level fault (<see cref="MadrhasRejection.IsFileError"/>) comes last.</summary>
    public IReadOnlyList<MadrhasRejection> RejectedRecords => _rejectedRecords;

    /// <summary>The file could not be read to its end (bad header, encoding or quoting): records after the fault were not seen.</summary>
    public bool FileRejected => _rejectedRecords.Exists(r => r.IsFileError);

    public bool HasChanges =>
        UsersCreated + UsersUpdated + UsersDeactivated + UsersReactivated + StructuresCreated + ServicesCreated
        + MembershipsCreated + MembershipsUpdated + MembershipsEnded > 0;

    /// <summary>One-line summary for logs; the rejected records themselves are in <see cref="RejectedRecords"/>.</summary>
    public override string ToString() =>
        $"{RecordsRead} lines read, {RejectedRecords.Count} rejected{(FileRejected ? " (file error)" : "")}; "
        + $"users {UsersCreated} created, {UsersUpdated} updated, {UsersDeactivated} deactivated, {UsersReactivated} reactivated; "
        + $"{StructuresCreated} structures, {ServicesCreated} services created; "
        + $"memberships {MembershipsCreated} created, {MembershipsUpdated} updated, {MembershipsEnded} ended";

    internal void Reject(MadrhasRejection rejection) => _rejectedRecords.Add(rejection);

    /// <summary>Copies the counts onto the run's row, so that the ops page shows progress and the final figures.</summary>
    internal void CopyTo(MadrhasImportRun run)
    {
        run.RecordsRead = RecordsRead;
        run.RecordsRejected = RejectedRecords.Count;
        run.UsersCreated = UsersCreated;
        run.UsersUpdated = UsersUpdated;
        run.UsersDeactivated = UsersDeactivated;
        run.UsersReactivated = UsersReactivated;
        run.StructuresCreated = StructuresCreated;
        run.ServicesCreated = ServicesCreated;
        run.MembershipsCreated = MembershipsCreated;
        run.MembershipsUpdated = MembershipsUpdated;
        run.MembershipsEnded = MembershipsEnded;
    }
}
