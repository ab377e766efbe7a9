using ChorusAccount.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChorusAccount.Web.Tests.Infrastructure;

/// <summary>
/// Upgrade tests: a database as it stood before one migration, to fill as the portal did then, and then migrate as the
/// portal does (<c>StartupTasks.MigrateAsync</c>). Migrations are append-only from the first release on (ADR-001): a
/// migration that changes stored data gets such a test.
/// </summary>
public static class UpgradeFrom
{
    /// <summary>Applies every migration before <paramref name="name"/> (none when it is the first), and fails the test when there is no such migration.</summary>
    /// <param name="name">The migration's name without its timestamp, e.g. <c>Initial</c>.</param>
    public static async Task MigrateToJustBeforeAsync(ChorusAccountDbContext db, string name)
    {
        var migrations = db.Database.GetMigrations().ToList();
        var index = migrations.FindIndex(m => m.EndsWith("_" + name, StringComparison.Ordinal));
        if (index < 0)
        {
            Assert.Fail($"No migration named {name}; the migrations are {string.Join(", ", migrations)}.");
        }

        await db.GetService<IMigrator>().MigrateAsync(index == 0 ? Migration.InitialDatabase : migrations[index - 1]);
    }
}
