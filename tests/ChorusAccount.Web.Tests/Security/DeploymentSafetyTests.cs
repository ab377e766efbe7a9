using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using ChorusAccount.Web.Authentication;
using ChorusAccount.Web.Security;
using ChorusAccount.Web.Tests.Infrastructure;

namespace ChorusAccount.Web.Tests.Security;

/// <summary>Demo values never reach a host that is not Development (DeploymentSafety): the shipped appsettings.json is
/// safe, the demo values are in appsettings.Development.json, and outside Development the portal refuses to start with
/// any of them unless <c>Demo:PublicInstance=true</c>.</summary>
public sealed class DeploymentSafetyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("chorus-safety-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Staging_with_the_shipped_settings_refuses_to_start_with_one_line_naming_the_settings()
    {
        // The portal's own executable, as an operator starts it, with nothing but the settings it ships with.
        var (exitCode, output, errors) = await PortalExecutable.RunAsync(
            PortalExecutable.StartInfo([$"--contentRoot={AppContext.BaseDirectory}"], _folder, environment: "Staging"));
        var errorLines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var all = output + string.Join('\n', errorLines);

        Assert.True(exitCode == 1, $"exit code {exitCode}:\n{all}");
        var line = Assert.Single(errorLines);
        Assert.StartsWith("ChorusAccount refuses to start: ", line, StringComparison.Ordinal);
        Assert.Contains("DataProtection:CertificatePath", line, StringComparison.Ordinal);
        Assert.Contains("Pigp:Authority is required", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ChorusAccount", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", all, StringComparison.Ordinal);
        // Refused before anything ran: no database created beside it.
        Assert.False(Directory.Exists(Path.Combine(_folder, "App_Data")));
    }

    [Fact]
    public async Task Production_with_the_shipped_settings_refuses_to_start_with_one_line_naming_the_setting()
    {
        // appsettings.Production.json asks for SQL Server and leaves its connection string to the operator: the first
        // setting missing is said in one line like the others, not as an unhandled exception with its stack trace.
        var (exitCode, output, errors) = await PortalExecutable.RunAsync(
            PortalExecutable.StartInfo([$"--contentRoot={AppContext.BaseDirectory}"], _folder, environment: "Production"));
        var errorLines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var all = output + string.Join('\n', errorLines);

        Assert.True(exitCode == 1, $"exit code {exitCode}:\n{all}");
        var line = Assert.Single(errorLines);
        Assert.StartsWith("ChorusAccount refuses to start: ConnectionStrings:Default is required", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", all, StringComparison.Ordinal);

        // The connection string given, the rest of what is missing, each named by its setting, still in one line.
        (exitCode, output, errors) = await PortalExecutable.RunAsync(
            PortalExecutable.StartInfo([$"--contentRoot={AppContext.BaseDirectory}", "--ConnectionStrings:Default=Server=nowhere;Database=none"], _folder, environment: "Production"));
        errorLines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(exitCode == 1, $"exit code {exitCode}:\n{output}{errors}");
        line = Assert.Single(errorLines);
        foreach (var setting in (string[])["Pigp:ClientSecret", "Pigp:Authority", "Notifications:PortalBaseUrl", "DataProtection:CertificatePath"])
        {
            Assert.Contains(setting, line, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("DataAnnotation validation failed", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dotnet_run_is_Development_only_when_the_shell_names_no_environment()
    {
        // The launch profile of `dotnet run` names the default without replacing the operator's ASPNETCORE_ENVIRONMENT.
        var profile = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "../../../../../src/ChorusAccount.Web/Properties/launchSettings.json"));
        Assert.Contains($"\"{Web.Infrastructure.DefaultEnvironment.Variable}\": \"Development\"", profile, StringComparison.Ordinal);
        Assert.DoesNotContain("ASPNETCORE_ENVIRONMENT", profile, StringComparison.Ordinal);
        Assert.DoesNotContain("DOTNET_ENVIRONMENT", profile, StringComparison.Ordinal);

        // ASPNETCORE_ENVIRONMENT=Staging beside the profile's default: Staging, refused with the shipped settings.
        var named = PortalExecutable.StartInfo([$"--contentRoot={AppContext.BaseDirectory}"], _folder, environment: "Staging");
        named.Environment[Web.Infrastructure.DefaultEnvironment.Variable] = "Development";
        var (exitCode, output, errors) = await PortalExecutable.RunAsync(named);
        Assert.True(exitCode == 1, $"exit code {exitCode}:\n{output}{errors}");
        Assert.Contains("(environment Staging;", errors, StringComparison.Ordinal);

        // Nothing named: the profile's default applies (here Recette, which refuses too, so that the run ends).
        var unnamed = PortalExecutable.StartInfo([$"--contentRoot={AppContext.BaseDirectory}"], _folder);
        unnamed.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        unnamed.Environment[Web.Infrastructure.DefaultEnvironment.Variable] = "Recette";
        (exitCode, output, errors) = await PortalExecutable.RunAsync(unnamed);
        Assert.True(exitCode == 1, $"exit code {exitCode}:\n{output}{errors}");
        Assert.Contains("(environment Recette;", errors, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> DemoValues() => new()
    {
        { "Pigp:Embedded", "true", "Pigp:Embedded is true" },
        { "Database:LoadDemoData", "true", "Database:LoadDemoData is true" },
        { "Pigp:ClientSecret", DeploymentSafety.DemoClientSecret, "Pigp:ClientSecret is the secret published with the demo" },
        { "Notifications:ApiKeys:0", DeploymentSafety.DemoApiKey, "Notifications:ApiKeys holds the key published with the demo" },
        { "DataProtection:CertificatePath", "", "DataProtection:CertificatePath is empty" },
    };

    [Theory]
    [MemberData(nameof(DemoValues))]
    public async Task Outside_Development_each_demo_value_is_refused_unless_the_host_is_a_public_demonstration(string setting, string value, string message)
    {
        // The production test hosts sign in through the stand-in: without it (an SSO address instead), only the value tried.
        var settings = new Dictionary<string, string?>
        {
            ["Demo:PublicInstance"] = "false",
            ["Pigp:Authority"] = "https://pigp.example/",
            [setting] = value,
        };
        if (setting != "Pigp:Embedded")
        {
            settings["Pigp:Embedded"] = "false";
        }

        if (setting == "DataProtection:CertificatePath")
        {
            // The certificate requirement of appsettings.Production.json says so too; Staging has no such file.
            var staging = await SecurityHosts.StartFailureAsync(db => SecurityHosts.StartProduction(_folder, settings, database: db, environment: "Staging"));
            Assert.NotNull(staging);
            Assert.Contains(message, staging.ToString(), StringComparison.Ordinal);
            return;
        }

        var failure = await SecurityHosts.StartFailureAsync(db => SecurityHosts.StartProduction(_folder, settings, database: db));
        Assert.NotNull(failure);
        Assert.Contains(message, failure.ToString(), StringComparison.Ordinal);
        Assert.Contains("environment Production", failure.ToString(), StringComparison.Ordinal);

        // The same value on a host that says it is a public demonstration: it starts.
        settings["Demo:PublicInstance"] = "true";
        Assert.Null(await SecurityHosts.StartFailureAsync(db => SecurityHosts.StartProduction(_folder, settings, database: db)));
    }

    [Fact]
    public async Task A_public_demonstration_needs_the_stand_in_and_Demo_PublicInstance_only_and_signs_in_without_a_client_secret()
    {
        // Staging with the stand-in and no client secret: refused for the stand-in (a demo value), not for the secret,
        // which the stand-in in the same process does not need from the operator.
        var settings = new Dictionary<string, string?> { ["Pigp:Embedded"] = "true", ["Pigp:ClientSecret"] = "", ["Demo:PublicInstance"] = "false" };
        var refused = await SecurityHosts.StartFailureAsync(db => SecurityHosts.StartProduction(_folder, settings, database: db, environment: "Staging"));
        Assert.NotNull(refused);
        Assert.Contains("Pigp:Embedded is true", refused.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Pigp:ClientSecret", refused.ToString(), StringComparison.Ordinal);

        // Said to be a public demonstration: it starts, and an agent signs in through the stand-in.
        settings["Demo:PublicInstance"] = "true";
        await using var database = TestDatabase.Sqlite();
        await using var host = SecurityHosts.StartProduction(_folder, settings, database: database, environment: "Staging");
        var user = await host.CreateUserAsync();
        using var agent = host.NewAgent();

        var page = await agent.SignInAsync(user.Login);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(host.BaseAddress.Authority, page.Uri.Authority);
        Assert.Contains(agent.Cookies.GetAllCookies(), c => c.Name == AuthenticationSetup.SessionCookieName && !c.Expired);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Production_without_a_configured_key_refuses_the_demo_key(string engine)
    {
        await using var database = engine == "Sqlite" ? TestDatabase.Sqlite() : await TestDatabase.PostgreSqlAsync();
        await using var host = SecurityHosts.StartProduction(_folder, database: database);
        using var http = new HttpClient(AgentClient.Handler(new CookieContainer())) { BaseAddress = host.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/invoice-events") { Content = JsonContent.Create(Array.Empty<object>()) };
        request.Headers.Add(ApiKeyAuthentication.HeaderName, DeploymentSafety.DemoApiKey);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
