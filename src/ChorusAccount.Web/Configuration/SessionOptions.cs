namespace ChorusAccount.Web.Configuration;

/// <summary>Session lifetime rules (section `Session`).</summary>
public sealed class PortalSessionOptions
{
    public const string Section = "Session";

    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);
    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How often a session re-reads its account (deactivation, security stamp).</summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Development only (refused elsewhere at start-up): the portal's cookies lose their `__Host-` prefix and
    /// `Secure` flag, so that `dotnet run` works on http://localhost. Set by appsettings.Development.json.</summary>
    public bool HttpDevelopmentCookies { get; set; }
}
