namespace ChorusAccount.Web.Configuration;

/// <summary>Session lifetime rules (section `Session`).</summary>
public sealed class PortalSessionOptions
{
    public const string Section = "Session";

    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);
    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How often a session re-reads its account (deactivation, security stamp).</summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);
}
