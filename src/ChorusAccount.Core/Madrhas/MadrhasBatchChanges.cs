using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Auditing;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Structures;

namespace ChorusAccount.Core.Madrhas;

/// <summary>The rows one batch writes: only those its records add or change, written by <see cref="WriteAsync"/>.</summary>
internal sealed class MadrhasBatchChanges
{
    private static readonly string[] _userColumns =
    [
        nameof(User.Civility), nameof(User.LastName), nameof(User.FirstName), nameof(User.ContactEmail), "AddressLine1", "AddressLine2",
        "PostalCode", "City", "Country", nameof(User.MadrhasEmail), nameof(User.Status), nameof(User.SecurityStamp), nameof(User.UpdatedAt),
        nameof(User.MadrhasRecordHash),
    ];

    private static readonly string[] _membershipColumns =
        [
            nameof(Membership.Role), nameof(Membership.WholeStructure), nameof(Membership.StartDate), nameof(Membership.EndDate),
            nameof(Membership.MadrhasRecordHash), nameof(Membership.MadrhasRole),
        ];

    private static readonly string[] _membershipRecordColumns = [nameof(Membership.MadrhasRecordHash), nameof(Membership.MadrhasRole)];

    public List<User> CreatedUsers { get; } = [];

    /// <summary>Users whose MADRHAS columns or status changed, with the version they were read with.</summary>
    public List<(User User, Guid ReadVersion)> UpdatedUsers { get; } = [];

    /// <summary>Users whose record changed nothing the import applies (e.g. a validated profile's name): only their record hash is written.</summary>
    public List<User> RehashedUsers { get; } = [];

    /// <summary>Structures this batch created. The import never renames a structure: the raison sociale only names a new one.</summary>
    public List<Structure> CreatedStructures { get; } = [];

    public List<ServiceUnit> CreatedServices { get; } = [];
    public List<Membership> CreatedMemberships { get; } = [];

    /// <summary>Memberships whose role, services or dates changed, with the role and version they were read with.</summary>
    public List<(Membership Membership, MembershipRole ReadRole, Guid ReadVersion)> UpdatedMemberships { get; } = [];

    /// <summary>Services added to memberships, new or existing ones.</summary>
    public List<MembershipService> AddedMembershipServices { get; } = [];

    public List<MembershipService> RemovedMembershipServices { get; } = [];

    /// <summary>
    /// Memberships whose record changed without changing what they hold (an ended one not re-opened, a role already as the
    /// record says): only the record kept on them is written.
    /// </summary>
    public List<Membership> RehashedMemberships { get; } = [];

    /// <summary>The users' history entries for what changed records applied (« modifié par MADRHAS »), saved with the batch.</summary>
    public List<AuditEntry> AuditEntries { get; } = [];

    /// <summary>Writes the batch in the current transaction; an update whose row changed since it was read cancels it.</summary>
    public async Task WriteAsync(RowWriter writer, CancellationToken ct)
    {
        // A structure has at most one active primary manager (a unique index): a former one is demoted before its successor is written.
        var demoted = UpdatedMemberships.Where(m => m.ReadRole == MembershipRole.PrimaryManager && m.Membership.Role != MembershipRole.PrimaryManager).ToList();
        await writer.UpdateAsync(demoted.Select(m => (m.Membership, (Guid?)m.ReadVersion)).ToList(), _membershipColumns, ct);

        // Parents before children, for the foreign keys.
        await writer.InsertAsync(CreatedUsers, ct);
        await writer.InsertAsync(CreatedStructures, ct);
        await writer.InsertAsync(CreatedServices, ct);
        await writer.InsertAsync(CreatedMemberships, ct);
        await writer.DeleteAsync(RemovedMembershipServices, ct);
        await writer.InsertAsync(AddedMembershipServices, ct);

        await writer.UpdateAsync(UpdatedUsers.Select(u => (u.User, (Guid?)u.ReadVersion)).ToList(), _userColumns, ct);
        // The hash is the import's own bookkeeping, not a change of the account: no new version, no conflict with the user's edits.
        await writer.UpdateAsync(RehashedUsers.Select(u => (u, (Guid?)null)).ToList(), [nameof(User.MadrhasRecordHash)], ct);
        await writer.UpdateAsync(UpdatedMemberships.Except(demoted).Select(m => (m.Membership, (Guid?)m.ReadVersion)).ToList(), _membershipColumns, ct);
        // Like the user's record hash: the import's bookkeeping, not a change a portal edit should conflict with.
        await writer.UpdateAsync(RehashedMemberships.Select(m => (m, (Guid?)null)).ToList(), _membershipRecordColumns, ct);
    }
}
