using ChorusAccount.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ChorusAccount.Migrations.PostgreSql;

/// <summary>Lets `dotnet ef` build the model for this engine without starting the portal; no connection is opened.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ChorusAccountDbContext>
{
    public ChorusAccountDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ChorusAccountDbContext>()
            .UseNpgsql("Host=localhost;Database=chorusaccount", o => o.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name))
            .UseComposedRules()
            .Options);
}
