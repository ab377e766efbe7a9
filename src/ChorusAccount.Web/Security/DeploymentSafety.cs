using ChorusAccount.Web.Configuration;
using Microsoft.Extensions.Options;

namespace ChorusAccount.Web.Security;

/// <summary>
/// Demo values never reach a host that is not Development: outside Development the portal refuses to start with the
/// PIGP stand-in (passwordless sign-in), the demo data, the client secret or invoice-events key published with the
/// demo, or Data Protection keys stored without a certificate, unless <c>Demo:PublicInstance=true</c> says that this
/// host is a public demonstration (then <see cref="WarnIfPublicInstance"/> logs a warning at every start).
/// The demo values themselves live in <c>appsettings.Development.json</c> and in the compose file's demo service only.
/// </summary>
public sealed partial class DeploymentSafety(IConfiguration configuration, IHostEnvironment environment) : IValidateOptions<DemoOptions>
{
    /// <summary>The PIGP stand-in's client secret, as published in appsettings.Development.json.</summary>
    public const string DemoClientSecret = "demo-secret-for-the-embedded-pigp-only";

    /// <summary>The invoice module's demo key, as published in appsettings.Development.json.</summary>
    public const string DemoApiKey = "demo-invoice-module-key-for-the-embedded-demo-only";

    /// <summary>Each demo value this configuration carries, as one sentence naming its setting.</summary>
    public static IReadOnlyList<string> DemoValues(IConfiguration configuration)
    {
        var found = new List<string>();
        if (configuration.GetValue<bool>($"{PigpSsoOptions.Section}:{nameof(PigpSsoOptions.Embedded)}"))
        {
            found.Add("Pigp:Embedded is true: the PIGP stand-in signs anybody in without a password; set Pigp:Embedded=false and Pigp:Authority.");
        }

        if (configuration.GetValue<bool>($"{DatabaseOptions.Section}:{nameof(DatabaseOptions.LoadDemoData)}"))
        {
            found.Add("Database:LoadDemoData is true: the demo users and structures would be loaded; set it to false.");
        }

        if (configuration[$"{PigpSsoOptions.Section}:{nameof(PigpSsoOptions.ClientSecret)}"] == DemoClientSecret)
        {
            found.Add("Pigp:ClientSecret is the secret published with the demo; set the secret the PIGP gave this portal.");
        }

        if (configuration.GetSection($"{NotificationsOptions.Section}:{nameof(NotificationsOptions.ApiKeys)}").GetChildren().Any(k => k.Value == DemoApiKey))
        {
            found.Add("Notifications:ApiKeys holds the key published with the demo; give the invoice module a key of its own.");
        }

        if (string.IsNullOrWhiteSpace(configuration[$"{DataProtectionKeyOptions.Section}:{nameof(DataProtectionKeyOptions.CertificatePath)}"]))
        {
            found.Add("DataProtection:CertificatePath is empty: the Data Protection keys would be stored unencrypted; give the certificate that encrypts them.");
        }

        return found;
    }

    public ValidateOptionsResult Validate(string? name, DemoOptions options)
    {
        if (environment.IsDevelopment() || options.PublicInstance)
        {
            return ValidateOptionsResult.Success;
        }

        var found = DemoValues(configuration);
        return found.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(found.Select(f => $"{f} (environment {environment.EnvironmentName}; Demo:PublicInstance=true runs a public demonstration anyway)"));
    }

    /// <summary>The warning a public demonstration logs at every start, naming the demo values it runs with.</summary>
    public static void WarnIfPublicInstance(IServiceProvider services, ILogger logger)
    {
        var environment = services.GetRequiredService<IHostEnvironment>();
        if (environment.IsDevelopment() || !services.GetRequiredService<IOptions<DemoOptions>>().Value.PublicInstance)
        {
            return;
        }

        var found = DemoValues(services.GetRequiredService<IConfiguration>());
        logger.LogWarning("Demo:PublicInstance is true in the {Environment} environment: this host is a public demonstration, running with {DemoValues}",
            environment.EnvironmentName, found.Count == 0 ? "no demo value" : string.Join(" ", found));
    }

    /// <summary>
    /// What an operator reads when the portal refuses its settings: one line naming each setting, no stack trace
    /// (null for any other failure, which keeps the runtime's report).
    /// </summary>
    public static string? RefusalLine(object exception)
    {
        var failures = exception switch
        {
            OptionsValidationException one => one.Failures,
            AggregateException many when many.InnerExceptions.All(e => e is OptionsValidationException) =>
                many.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures),
            _ => null,
        };
        return failures is null ? null : "ChorusAccount refuses to start: " + string.Join(" ", failures.Select(f => Plain(f).ReplaceLineEndings(" ")));
    }

    /// <summary>A data annotation's failure as its own message (which names the setting), without the runtime's wrapping
    /// « DataAnnotation validation failed for 'X' members: 'Y' with the error: '…'. ».</summary>
    private static string Plain(string failure) =>
        DataAnnotationFailure().Match(failure) is { Success: true } m ? m.Groups["message"].Value : failure;

    [System.Text.RegularExpressions.GeneratedRegex(@"^DataAnnotation validation failed for '[^']*' members: '[^']*' with the error: '(?<message>.*)'\.$", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex DataAnnotationFailure();
}
