namespace ChorusAccount.Web.Configuration;

/// <summary>The `Operators` section: the logins allowed on the /ops pages (imports, Hangfire dashboard).</summary>
public sealed class OperatorsOptions
{
    public const string Section = "Operators";

    public List<string> Logins { get; set; } = [];
}
