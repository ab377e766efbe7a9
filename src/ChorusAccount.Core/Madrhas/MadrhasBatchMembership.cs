using ChorusAccount.Core.Memberships;

namespace ChorusAccount.Core.Madrhas;

/// <summary>A membership read (untracked) or created by the batch, with what it was read with.</summary>
/// <remarks>A primary manager read only to be handed over has no services read: only its role is changed.</remarks>
internal sealed class MadrhasBatchMembership(Membership row)
{
    public Membership Row { get; } = row;
    public MembershipRole ReadRole { get; } = row.Role;
    public Guid ReadVersion { get; } = row.Version;

    public bool IsNew { get; init; }
    public bool Changed { get; set; }

    /// <summary>Its user's login, known for a primary manager (to name it in a rejection).</summary>
    public string? Login { get; set; }
}
