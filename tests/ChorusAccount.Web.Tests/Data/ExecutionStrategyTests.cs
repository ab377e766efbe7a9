using ChorusAccount.Core.Data;
using ChorusAccount.Web.Configuration;
using ChorusAccount.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Web.Tests.Data;

/// <summary>
/// The portal opens its own transactions (upload, deleting memberships, planning digests, the import's batches). EF Core
/// refuses those under a retrying execution strategy (« does not support user-initiated transactions »), so no engine
/// may be configured with one — SQL Server, which is not run here, included.
/// </summary>
public sealed class ExecutionStrategyTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "Data Source=:memory:")]
    [InlineData(DatabaseProvider.PostgreSql, "Host=127.0.0.1;Database=chorus")]
    [InlineData(DatabaseProvider.SqlServer, "Server=localhost;Database=ChorusAccount;Integrated Security=true;TrustServerCertificate=true")]
    public void No_engine_retries_on_its_own_so_the_portal_s_transactions_are_allowed(DatabaseProvider provider, string connectionString)
    {
        var builder = new DbContextOptionsBuilder<ChorusAccountDbContext>();
        DatabaseSetup.Use(builder, provider, connectionString);
        using var db = new ChorusAccountDbContext(builder.Options);

        Assert.False(db.Database.CreateExecutionStrategy().RetriesOnFailure, $"{provider} is configured with a retrying execution strategy");
    }
}
