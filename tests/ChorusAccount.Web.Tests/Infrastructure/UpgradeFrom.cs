using ChorusAccount.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChorusAccount.Web.Tests.Infrastructure;

/// <summary>Upgrade tests: a database as it stood before one migration, to fill as the portal did then.</summary>
public static class UpgradeFrom
{
    /// <param name="name">The migration's name without its timestamp, e.g. <c>StructureSearchTokens</c>.</param>
    public static async Task MigrateToJustBeforeAsync(ChorusAccountDbContext db, string name)
    {
        var migrations = db.Database.GetMigrations().ToList();
        var index = migrations.FindIndex(m => m.EndsWith("_" + name, StringComparison.Ordinal));
        Assert.True(index > 0, $"no migration {name} after the first one");
        await db.GetService<IMigrator>().MigrateAsync(migrations[index - 1]);
    }
}
