using ChorusAccount.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Auditing;

/// <summary>A user's own history, newest first.</summary>
public sealed class GetAuditHistory(ChorusAccountDbContext db)
{
    public const int PageSize = 50;

    public async Task<IReadOnlyList<AuditEntry>> ExecuteAsync(Guid userId, CancellationToken ct) =>
        await db.AuditEntries.AsNoTracking()
            .Where(a => a.UserId == userId)
            .OrderByDescending(a => a.At)
            .Take(PageSize)
            .ToListAsync(ct);
}
