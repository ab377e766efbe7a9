namespace ChorusAccount.Core.Data;

/// <summary>
/// A one-user query composed from the rules (the <c>SpaceLines</c> and <see cref="Memberships.AccessRules"/> expressions),
/// compiled once by EF Core: see <see cref="CompiledRuleQuery{TKey, T}"/>.
/// </summary>
public sealed class CompiledUserQuery<T>(Func<ChorusAccountDbContext, Guid, DateOnly, IQueryable<T>> build)
    : CompiledRuleQuery<Guid, T>(build, new Guid("8d1f0c4e-5b7a-4f52-9e0b-3c6a71d2e9f4")); // an identifier no request passes
