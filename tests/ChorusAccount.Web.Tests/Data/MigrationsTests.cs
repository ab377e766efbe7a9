using ChorusAccount.Core.Data;
using ChorusAccount.Web.Configuration;
using ChorusAccount.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChorusAccount.Web.Tests.Data;

/// <summary>Each engine's migrations match the model; SQL Server, which cannot run here, is checked through its idempotent script.</summary>
public sealed class MigrationsTests
{
    private static ChorusAccountDbContext Context(DatabaseProvider provider)
    {
        var connectionString = provider switch
        {
            DatabaseProvider.Sqlite => "Data Source=:memory:",
            DatabaseProvider.SqlServer => "Server=localhost;Database=ChorusAccount;Integrated Security=true;TrustServerCertificate=true",
            _ => "Host=localhost;Database=chorusaccount",
        };
        var builder = new DbContextOptionsBuilder<ChorusAccountDbContext>();
        DatabaseSetup.Use(builder, provider, connectionString);
        return new ChorusAccountDbContext(builder.Options);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.SqlServer)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public void Migrations_are_up_to_date_with_the_model(DatabaseProvider provider)
    {
        using var db = Context(provider);
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), $"The {provider} migrations miss model changes: add a migration for that engine.");
    }

    [Fact]
    public void SqlServer_migrations_generate_an_idempotent_script()
    {
        using var db = Context(DatabaseProvider.SqlServer);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("IF NOT EXISTS", script);
        foreach (var table in new[] { "Users", "Structures", "StructureSearchTokens", "ServiceUnits", "Memberships", "MembershipServices", "Spaces", "Subscriptions", "Documents", "DocumentContents", "DocumentTypes", "NotificationEvents", "AuditEntries", "DataProtectionKeys" })
        {
            Assert.Contains($"CREATE TABLE [{table}]", script);
        }

        Assert.Contains("Factures de travaux", script);
        var artifacts = Path.Combine(AppContext.BaseDirectory, "sqlserver-migrations.sql");
        File.WriteAllText(artifacts, script);
    }
}
