namespace ChorusAccount.Web.Tests.Infrastructure;

/// <summary>One portal on SQLite shared by the tests of the "sqlite" collection.</summary>
public sealed class SqlitePortalFixture : IAsyncLifetime
{
    public PortalHost Host { get; private set; } = default!;

    public Task InitializeAsync()
    {
        Host = PortalHost.Start(TestDatabase.Sqlite());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>One portal on a PostgreSQL database of its own, shared by the tests of the "postgres" collection.</summary>
public sealed class PostgreSqlPortalFixture : IAsyncLifetime
{
    public PortalHost Host { get; private set; } = default!;

    public async Task InitializeAsync() => Host = PortalHost.Start(await TestDatabase.PostgreSqlAsync());

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SqliteCollection : ICollectionFixture<SqlitePortalFixture>
{
    public const string Name = "portal on SQLite";
}

[CollectionDefinition(Name)]
public sealed class PostgreSqlCollection : ICollectionFixture<PostgreSqlPortalFixture>
{
    public const string Name = "portal on PostgreSQL";
}
