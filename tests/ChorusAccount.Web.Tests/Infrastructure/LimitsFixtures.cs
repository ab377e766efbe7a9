namespace ChorusAccount.Web.Tests.Infrastructure;

/// <summary>A portal of its own with small limits, set through configuration as an operator sets them: two ZIPs of
/// pièces jointes, two exports and two requests to managers per user, three pièces jointes per account.</summary>
public abstract class LimitsPortalFixture : IAsyncLifetime
{
    public const int MaxDocuments = 3;

    public PortalHost Host { get; private set; } = default!;

    protected abstract Task<TestDatabase> DatabaseAsync();

    public async Task InitializeAsync() => Host = PortalHost.Start(await DatabaseAsync(), new Dictionary<string, string?>
    {
        ["RateLimiting:DocumentZip:PermitLimit"] = "2",
        ["RateLimiting:PersonalDataExport:PermitLimit"] = "2",
        ["RateLimiting:Requests:PermitLimit"] = "2",
        ["Documents:MaxDocumentsPerAccount"] = MaxDocuments.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class SqliteLimitsFixture : LimitsPortalFixture
{
    protected override Task<TestDatabase> DatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class PostgreSqlLimitsFixture : LimitsPortalFixture
{
    protected override Task<TestDatabase> DatabaseAsync() => TestDatabase.PostgreSqlAsync();
}
