namespace ChorusAccount.Core.Data;

/// <summary>
/// A query over several structures composed from the rules, compiled once: the structures are one list parameter
/// (see <see cref="CompiledRuleQuery{TKey, T}"/>).
/// </summary>
public sealed class CompiledStructuresQuery<T>(Func<ChorusAccountDbContext, Guid[], DateOnly, IQueryable<T>> build)
    : CompiledRuleQuery<Guid[], T>(build, new Guid[1]) // a list no request passes: this very instance
{
    /// <summary>The rows of these structures on <paramref name="today"/>, read through <paramref name="db"/>.</summary>
    public Task<List<T>> ToListAsync(ChorusAccountDbContext db, IEnumerable<Guid> structureIds, DateOnly today, CancellationToken ct) =>
        base.ToListAsync(db, structureIds.Distinct().ToArray(), today, ct);
}
