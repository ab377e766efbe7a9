using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Structures;

namespace ChorusAccount.Core.Madrhas;

/// <summary>The rows one batch writes: only those its lines add or change. <see cref="MadrhasRowWriter"/> writes them.</summary>
internal sealed class MadrhasBatchChanges
{
    public List<User> CreatedUsers { get; } = [];

    /// <summary>Users whose MADRHAS columns or status changed, with the version they were read with.</summary>
    public List<(User User, Guid ReadVersion)> UpdatedUsers { get; } = [];

    /// <summary>Users whose line changed nothing the import applies (e.g. a validated profile's name): only their line hash is written.</summary>
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
}
