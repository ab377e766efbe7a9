using ChorusAccount.Core.Data;
namespace ChorusAccount.Core.Accounts;

/// <summary>
/// A portal session (« Mes sessions »): one row per sign-in, kept on the server so that a session cookie is worth
/// something only while its row is there. « Se déconnecter », « Mettre fin à cette session » and « Mettre fin à toutes
/// les autres sessions » delete the row: a copy of the cookie is dead from then on (<see cref="UserSessions"/>).
/// </summary>
public sealed class UserSession
{
    /// <summary>Random (a version 4 Guid: 122 bits from the system's secure generator), never derived from the time or the user.</summary>
    public Guid Id { get; set; } = NewId.Random();

    public Guid UserId { get; set; }

    /// <summary>The sign-in (UTC); the session ends <c>Session:AbsoluteTimeout</c> later whatever the activity.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>The last request seen (UTC), written at most once per <see cref="UserSessions.ActivityPrecision"/>.</summary>
    public DateTime LastActivityAt { get; set; }

    /// <summary>The account's security stamp at sign-in: a session of an older stamp ended with the deactivation that renewed it.</summary>
    public required string SecurityStamp { get; set; }

    /// <summary>The browser's <c>User-Agent</c>, cut to <see cref="Data.FieldLengths.UserAgent"/> characters; shown only as
    /// « navigateur / système » (<see cref="UserAgentSummary"/>), never as it is.</summary>
    public required string UserAgent { get; set; }

    /// <summary>The client's address, shortened before it is stored (<see cref="ClientAddress.Shorten"/>): 192.168.1.x, an IPv6 /48.</summary>
    public required string ClientAddress { get; set; }
}
