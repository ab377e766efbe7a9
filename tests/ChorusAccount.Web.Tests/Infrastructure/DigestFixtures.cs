namespace ChorusAccount.Web.Tests.Infrastructure;

/// <summary>A portal sending its mail over SMTP to a <see cref="SmtpCatcher"/>, with short retry delays and leases.</summary>
public abstract class DigestPortalFixture : IAsyncLifetime
{
    public const string ApiKey = "test-invoice-module-key-0123456789abcdef";
    public const string PortalUrl = "https://portail.chorus.test/compte/";

    public SmtpCatcher Smtp { get; } = new();
    public PortalHost Host { get; private set; } = default!;

    protected abstract Task<TestDatabase> DatabaseAsync();

    /// <summary>A portal's settings for the digest: SMTP to <paramref name="smtp"/>, short delays, the invoice module's key.</summary>
    public static Dictionary<string, string?> Settings(SmtpCatcher smtp) => new()
    {
        ["Mail:Delivery"] = "Smtp",
        ["Mail:SmtpHost"] = "127.0.0.1",
        ["Mail:SmtpPort"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:SmtpTls"] = "None",
        ["Mail:SmtpConnections"] = "3",
        ["Mail:RetryDelay"] = "00:00:00.200",
        ["Mail:MaxAttempts"] = "4",
        ["Jobs:DigestSettleDelay"] = "00:00:00",
        ["Jobs:DigestClaimLease"] = "00:00:02",
        ["Notifications:ApiKeys:0"] = ApiKey,
        ["Notifications:PortalBaseUrl"] = PortalUrl,
    };

    public async Task InitializeAsync() => Host = PortalHost.Start(await DatabaseAsync(), Settings(Smtp));

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Smtp.Dispose();
    }
}

public sealed class SqliteDigestFixture : DigestPortalFixture
{
    protected override Task<TestDatabase> DatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class PostgreSqlDigestFixture : DigestPortalFixture
{
    protected override Task<TestDatabase> DatabaseAsync() => TestDatabase.PostgreSqlAsync();
}

[CollectionDefinition(Name)]
public sealed class SqliteDigestCollection : ICollectionFixture<SqliteDigestFixture>
{
    public const string Name = "digest on SQLite";
}

[CollectionDefinition(Name)]
public sealed class PostgreSqlDigestCollection : ICollectionFixture<PostgreSqlDigestFixture>
{
    public const string Name = "digest on PostgreSQL";
}
