namespace ChorusAccount.Web.Configuration;

/// <summary>The `Demo` section: whether this host is knowingly a public demonstration (<see cref="Security.DeploymentSafety"/>).</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>
    /// Outside Development, lets the demo values (the PIGP stand-in, the demo data, the published demo secret and key,
    /// unencrypted Data Protection keys) run anyway, with a warning logged at every start. False by default.
    /// </summary>
    public bool PublicInstance { get; set; }
}
