namespace ChorusAccount.Web.Infrastructure;

/// <summary>
/// `dotnet run` is the demonstration (Development) unless the shell names another environment. The launch profile
/// (Properties/launchSettings.json) sets <see cref="Variable"/> rather than <c>ASPNETCORE_ENVIRONMENT</c>, which would
/// replace the operator's own: <c>ASPNETCORE_ENVIRONMENT=Staging dotnet run --project src/ChorusAccount.Web</c> runs
/// Staging, and refuses the demo values there like any host that is not Development (DeploymentSafety).
/// </summary>
public static class DefaultEnvironment
{
    /// <summary>The environment to use when nothing else names one.</summary>
    public const string Variable = "CHORUS_DEFAULT_ENVIRONMENT";

    /// <summary><see cref="Variable"/>'s value when neither <c>ASPNETCORE_ENVIRONMENT</c>, <c>DOTNET_ENVIRONMENT</c> nor an
    /// <c>--environment</c> argument names the environment; else null (the host's own rules).</summary>
    public static string? Of(IReadOnlyList<string> args)
    {
        var named = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT"))
            || args.Any(a => a.TrimStart('-', '/').StartsWith("environment", StringComparison.OrdinalIgnoreCase));
        return named ? null : Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;
    }
}
