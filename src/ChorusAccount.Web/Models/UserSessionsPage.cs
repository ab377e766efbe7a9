using ChorusAccount.Core.Accounts;

namespace ChorusAccount.Web.Models;

/// <summary>« Mes sessions »: the user's sessions in force, the current one marked (it ends with « Se déconnecter »).</summary>
public sealed record UserSessionsPage(IReadOnlyList<UserSessionRow> Sessions)
{
    public bool HasOthers => Sessions.Any(s => !s.IsCurrent);
}

/// <param name="Browser">« Firefox 128 », or null when the browser is not recognised (<see cref="UserAgentSummary"/>).</param>
/// <param name="System">« Windows », or null.</param>
public sealed record UserSessionRow(Guid Id, string? Browser, string? System, string ClientAddress, DateTime CreatedAt, DateTime LastActivityAt, bool IsCurrent)
{
    public static UserSessionRow From(UserSession session, Guid? currentId)
    {
        var (browser, system) = UserAgentSummary.Describe(session.UserAgent);
        return new(session.Id, browser, system, session.ClientAddress, session.CreatedAt, session.LastActivityAt, session.Id == currentId);
    }
}
