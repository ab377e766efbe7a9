using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Memberships;

/// <summary>An active user of a structure who may become its primary manager.</summary>
public sealed record SuccessorCandidate(Guid UserId, string Login, string DisplayName);

/// <summary>A ticked membership on the confirmation page; a primary manager's one lists the possible successors.</summary>
public sealed record MembershipToDelete(Guid Id, string StructureName, string StructureIdentifier, MembershipRole Role, bool HandsOver, IReadOnlyList<SuccessorCandidate> Candidates);

/// <summary>The user's own ticked memberships; null when any id is not one of them.</summary>
public sealed class GetMembershipsToDelete(ChorusAccountDbContext db)
{
    public async Task<IReadOnlyList<MembershipToDelete>?> ExecuteAsync(Guid userId, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        var memberships = await db.Memberships.AsNoTracking()
            .Where(m => m.UserId == userId && wanted.Contains(m.Id) && m.Status != MembershipStatus.Ended)
            .OrderBy(m => m.Structure!.CompanyName)
            .Select(m => new { m.Id, m.StructureId, m.Structure!.CompanyName, m.Structure.Identifier, m.Role, m.Status })
            .ToListAsync(ct);
        if (wanted.Count == 0 || memberships.Count != wanted.Count)
        {
            return null;
        }

        var rows = new List<MembershipToDelete>(memberships.Count);
        foreach (var m in memberships)
        {
            var handsOver = m.Role == MembershipRole.PrimaryManager && m.Status == MembershipStatus.Active;
            var candidates = handsOver ? await CandidatesAsync(userId, m.StructureId, ct) : [];
            rows.Add(new MembershipToDelete(m.Id, m.CompanyName, m.Identifier, m.Role, handsOver, candidates));
        }

        return rows;
    }

    private async Task<IReadOnlyList<SuccessorCandidate>> CandidatesAsync(Guid userId, Guid structureId, CancellationToken ct)
    {
        var users = await db.Memberships.AsNoTracking()
            .Where(m => m.StructureId == structureId && m.UserId != userId && m.Status == MembershipStatus.Active && m.User!.Status == UserStatus.Active)
            .Select(m => new { m.UserId, m.User!.Login, m.User.FirstName, m.User.LastName })
            .Distinct()
            .ToListAsync(ct);
        return [.. users.OrderBy(u => u.LastName, StringComparer.CurrentCulture).ThenBy(u => u.FirstName, StringComparer.CurrentCulture)
            .Select(u => new SuccessorCandidate(u.UserId, u.Login, User.DisplayNameOf(u.FirstName, u.LastName)))];
    }
}
