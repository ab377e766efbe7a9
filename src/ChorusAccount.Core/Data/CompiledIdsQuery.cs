namespace ChorusAccount.Core.Data;

/// <summary>
/// A query over a list of ids (structures, memberships) composed from the rules, compiled once: the list is one
/// parameter (see <see cref="CompiledRuleQuery{TKey, T}"/>).
/// </summary>
public sealed class CompiledIdsQuery<T>(Func<ChorusAccountDbContext, Guid[], DateOnly, IQueryable<T>> build)
    : CompiledRuleQuery<Guid[], T>(build, new Guid[1]) // a list no request passes: this very instance
{
    /// <summary>The rows of these ids on <paramref name="today"/>, read through <paramref name="db"/>.</summary>
    public Task<List<T>> ToListAsync(ChorusAccountDbContext db, IEnumerable<Guid> ids, DateOnly today, CancellationToken ct) =>
        base.ToListAsync(db, ids.Distinct().ToArray(), today, ct);
}
