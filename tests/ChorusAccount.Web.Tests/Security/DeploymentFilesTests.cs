using System.Text.RegularExpressions;

namespace ChorusAccount.Web.Tests.Security;

/// <summary>
/// docker-compose.yml and its SQL Server script, read as text (Docker cannot run on the build machines): nothing published
/// beyond the machine's loopback, one trusted proxy address, no default administrator password, the portal on a login of
/// its own without the owner's rights, the certificate's password from a secret file.
/// </summary>
public sealed partial class DeploymentFilesTests
{
    private static readonly string _root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
    private static readonly string[] _compose = File.ReadAllLines(Path.Combine(_root, "docker-compose.yml"));

    /// <summary>The lines of one service of docker-compose.yml (from its name, two spaces in, to the next one).</summary>
    private static List<string> Service(string name)
    {
        var start = Array.IndexOf(_compose, $"  {name}:");
        Assert.True(start >= 0, $"no service {name} in docker-compose.yml");
        return [.. _compose.Skip(start + 1).TakeWhile(l => l.Length == 0 || l.StartsWith("   ", StringComparison.Ordinal) || l.TrimStart().StartsWith('#'))];
    }

    private static string? Setting(IEnumerable<string> service, string key) =>
        service.Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(key + ":", StringComparison.Ordinal))?[(key.Length + 1)..].Trim();

    [Fact]
    public void Every_published_port_is_on_the_loopback_address()
    {
        var published = _compose.Select(l => PortPattern().Match(l)).Where(m => m.Success).Select(m => m.Groups["port"].Value).ToList();

        Assert.Contains("127.0.0.1:8080:8080", published);
        Assert.Contains("127.0.0.1:8025:8025", published);
        Assert.Contains("127.0.0.1:9090:9090", published);
        Assert.All(published, p => Assert.StartsWith("127.0.0.1:", p, StringComparison.Ordinal));
    }

    [Fact]
    public void The_administrator_password_has_no_default_and_no_portal_connects_as_sa()
    {
        var uses = _compose.Where(l => l.Contains("MSSQL_SA_PASSWORD}", StringComparison.Ordinal) || l.Contains("${MSSQL_SA_PASSWORD", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(uses);
        Assert.All(uses, l => Assert.Contains("${MSSQL_SA_PASSWORD:?", l, StringComparison.Ordinal));
        Assert.DoesNotContain(_compose, l => l.Contains("Passw0rd", StringComparison.OrdinalIgnoreCase));

        Assert.Contains("User Id=chorus_portal;", Setting(Service("portal"), "ConnectionStrings__Default"), StringComparison.Ordinal);
        Assert.Equal("\"false\"", Setting(Service("portal"), "Database__MigrateAtStartup"));
        Assert.Contains("User Id=chorus_owner;", Setting(Service("migrate"), "ConnectionStrings__Default"), StringComparison.Ordinal);
        Assert.Contains("User Id=chorus_demo;", Setting(Service("portal-demo"), "ConnectionStrings__Default"), StringComparison.Ordinal);
        Assert.DoesNotContain(_compose, l => l.Contains("User Id=sa", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_demonstration_s_login_owns_its_own_database_only()
    {
        var script = File.ReadAllText(Path.Combine(_root, "deploy", "sqlserver-init-demo.sql"));
        var statements = script.Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal)).ToList();

        Assert.Contains(statements, l => l.Contains("ALTER ROLE [db_owner] ADD MEMBER [chorus_demo]", StringComparison.Ordinal));
        Assert.DoesNotContain(statements, l => l.Contains("sysadmin", StringComparison.OrdinalIgnoreCase) || l.Contains("ALTER SERVER ROLE", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("- ./deploy/sqlserver-init-demo.sql:/init/sqlserver-init-demo.sql:ro", Service("sqlserver-init-demo").Select(l => l.Trim()));
        Assert.Contains("sqlserver-init-demo:", Service("portal-demo").Select(l => l.Trim()));
    }

    [Fact]
    public void The_file_holds_only_the_top_level_keys_every_compose_reads()
    {
        // docker-compose 1.29 (Debian's) refuses a top-level `name:`; Compose v2 reads the rest the same.
        var topLevel = _compose.Where(l => l.Length > 0 && !char.IsWhiteSpace(l[0]) && !l.StartsWith('#')).Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]).ToList();

        Assert.All(topLevel, k => Assert.True(k.StartsWith("x-", StringComparison.Ordinal) || k is "services" or "networks" or "volumes" or "secrets" or "configs", $"top-level key {k}"));
    }

    [Fact]
    public void The_portals_login_reads_and_writes_and_owns_no_more_than_the_hangfire_schema()
    {
        var script = File.ReadAllText(Path.Combine(_root, "deploy", "sqlserver-init.sql"));
        var portalGrants = script.Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal) && l.Contains("[chorus_portal]", StringComparison.Ordinal)).ToList();

        Assert.Contains(portalGrants, l => l.Contains("ALTER ROLE [db_datareader] ADD MEMBER [chorus_portal]", StringComparison.Ordinal));
        Assert.Contains(portalGrants, l => l.Contains("ALTER ROLE [db_datawriter] ADD MEMBER [chorus_portal]", StringComparison.Ordinal));
        Assert.DoesNotContain(portalGrants, l => RoleWithDdl().IsMatch(l));
        Assert.Contains("ALTER ROLE [db_owner] ADD MEMBER [chorus_owner]", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Forwarded_headers_are_believed_from_one_address_and_the_certificate_password_comes_from_a_secret_file()
    {
        var portal = Service("portal");

        Assert.NotNull(Setting(portal, "ReverseProxy__KnownProxies__0"));
        Assert.DoesNotContain(portal, l => l.Contains("ReverseProxy__KnownNetworks", StringComparison.Ordinal));
        Assert.Null(Setting(portal, "DataProtection__CertificatePassword"));
        Assert.Equal("/run/secrets/dataprotection-password", Setting(portal, "DataProtection__CertificatePasswordFile"));
        Assert.Contains("- dataprotection-password", portal.Select(l => l.Trim()));
    }

    [Fact]
    public void Prometheus_scrapes_the_portal_s_metrics_port_which_is_published_nowhere()
    {
        var portal = Service("portal");
        var prometheus = Service("prometheus");
        var config = File.ReadAllText(Path.Combine(_root, "deploy", "prometheus.yml"));

        Assert.Equal("\"9464\"", Setting(portal, "Telemetry__MetricsPort"));
        Assert.Contains("targets: [\"portal:9464\"]", config, StringComparison.Ordinal);
        Assert.Contains("metrics_path: /metrics", config, StringComparison.Ordinal);
        Assert.Matches(@"^prom/prometheus:v\d+\.\d+\.\d+$", Setting(prometheus, "image"));
        Assert.Contains("- ./deploy/prometheus.yml:/etc/prometheus/prometheus.yml:ro", prometheus.Select(l => l.Trim()));
        Assert.DoesNotContain(_compose, l => PortPattern().Match(l) is { Success: true } m && m.Groups["port"].Value.EndsWith(":9464", StringComparison.Ordinal));
    }

    [GeneratedRegex("""^\s*-\s*"(?<port>[^"]*:\d+)"\s*$""")]
    private static partial Regex PortPattern();

    [GeneratedRegex(@"db_owner|db_ddladmin|db_securityadmin|db_accessadmin|CONTROL|ALTER ANY|sysadmin", RegexOptions.IgnoreCase)]
    private static partial Regex RoleWithDdl();
}
