using ChorusAccount.Core.Data;

namespace ChorusAccount.Core.Memberships;

/// <summary>The structures a user manages: an active primary or secondary manager membership.</summary>
public static class ManagerScope
{
    public static IQueryable<Guid> StructureIds(ChorusAccountDbContext db, Guid userId) =>
        db.Memberships
            .Where(m => m.UserId == userId && m.Status == MembershipStatus.Active
                && (m.Role == MembershipRole.PrimaryManager || m.Role == MembershipRole.SecondaryManager))
            .Select(m => m.StructureId);
}
