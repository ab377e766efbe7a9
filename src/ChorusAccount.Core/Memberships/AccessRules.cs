using System.Linq.Expressions;
using ChorusAccount.Core.Subscriptions;
using LinqKit;

namespace ChorusAccount.Core.Memberships;

/// <summary>
/// The rules that grant something, each written once as an expression. Queries compose them (LinqKit expands
/// <c>Invoke</c> when the query is translated: <see cref="Data.ChorusAccountDbContext"/> turns expanding on), and the
/// pure <c>*Rules</c> classes run the same expressions compiled once (<see cref="Compiled"/>) on rows already read.
/// </summary>
public static class AccessRules
{
    // The one text of « in force »: InForce (queries), OpensStructureCard and Compiled.InForce (rows already read) all invoke it.
    private static readonly Expression<Func<Membership, DateOnly, bool>> _inForceOn =
        (m, today) => m.Status == MembershipStatus.Active && m.StartDate <= today && (m.EndDate == null || m.EndDate >= today);

    /// <summary>
    /// « In force » on <paramref name="today"/>, the only membership that grants: active, started (start date on or before
    /// the day) and not over (no end date, or an end date on or after the day). A membership grants on its first and on its
    /// last day, nothing before (« À venir ») nor after. The day is the Paris calendar date (<see cref="ParisDate.Today"/>).
    /// </summary>
    public static Expression<Func<Membership, bool>> InForce(DateOnly today) => m => _inForceOn.Invoke(m, today);

    /// <summary>
    /// « À venir »: an active membership whose first day is after <paramref name="today"/>. It grants nothing until then
    /// (<see cref="InForce"/>).
    /// </summary>
    public static Expression<Func<Membership, bool>> Upcoming(DateOnly today) => m => m.Status == MembershipStatus.Active && m.StartDate > today;

    /// <summary>The roles that manage a structure: primary and secondary manager.</summary>
    public static readonly Expression<Func<MembershipRole, bool>> ManagerRole =
        role => role == MembershipRole.PrimaryManager || role == MembershipRole.SecondaryManager;

    /// <summary>
    /// The lines a membership may carry: the whole structure covers every service, a membership to services covers
    /// those services. A null service is the whole structure.
    /// </summary>
    public static readonly Expression<Func<Membership, Guid?, bool>> Covers =
        (m, serviceUnitId) => m.WholeStructure || (serviceUnitId != null && m.Services.Any(x => x.ServiceUnitId == serviceUnitId));

    /// <summary>
    /// Where a membership grants its default spaces: on the whole structure for a membership to the whole structure, on
    /// each of its services for a membership to services.
    /// </summary>
    public static readonly Expression<Func<Membership, Guid?, bool>> GrantsDefaultsOn =
        (m, serviceUnitId) => serviceUnitId == null ? m.WholeStructure : !m.WholeStructure && m.Services.Any(x => x.ServiceUnitId == serviceUnitId);

    /// <summary>The spaces a role holds without asking: the default ones, the managers-only ones to managers only.</summary>
    public static readonly Expression<Func<Space, MembershipRole, bool>> GrantedByDefault =
        (space, role) => space.IsDefault && (!space.ManagersOnly || ManagerRole.Invoke(role));

    /// <summary>The fiche structure: for a membership in force to the whole structure, or a manager's.</summary>
    public static Expression<Func<Membership, bool>> OpensStructureCard(DateOnly today) =>
        m => _inForceOn.Invoke(m, today) && (m.WholeStructure || ManagerRole.Invoke(m.Role));

    /// <summary>
    /// Which requests a manager's « Activités du gestionnaire » line reaches: its whole-structure line (a null service)
    /// every request of the structure, a service line the requests for that service only. A null requested service is
    /// the whole structure.
    /// </summary>
    public static readonly Expression<Func<Guid?, Guid?, bool>> Reaches =
        (lineServiceUnitId, requestedServiceUnitId) => lineServiceUnitId == null || (requestedServiceUnitId != null && lineServiceUnitId == requestedServiceUnitId);

    /// <summary>The expressions the pure rules run on rows already read, expanded and compiled once.</summary>
    public static class Compiled
    {
        /// <summary><see cref="InForce"/> on rows already read: the membership and the day.</summary>
        public static readonly Func<Membership, DateOnly, bool> InForce = _inForceOn.Expand().Compile();
        public static readonly Func<Membership, Guid?, bool> Covers = AccessRules.Covers.Expand().Compile();
        public static readonly Func<Membership, Guid?, bool> GrantsDefaultsOn = AccessRules.GrantsDefaultsOn.Expand().Compile();
        public static readonly Func<Space, MembershipRole, bool> GrantedByDefault = AccessRules.GrantedByDefault.Expand().Compile();
        public static readonly Func<Guid?, Guid?, bool> Reaches = AccessRules.Reaches.Compile();
    }
}
