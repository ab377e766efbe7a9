using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Structures;
using ChorusAccount.Core.Subscriptions;
using ChorusAccount.Web.Data;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChorusAccount.Web.Tests.Data;

/// <summary>
/// A database holding the same request twice (posted twice before one pending request per line was enforced): the
/// migration keeps the first of each and leaves every other row alone.
/// </summary>
public sealed class OnePendingSubscriptionUpgradeTests
{
    [Fact]
    public async Task Sqlite_keeps_the_first_of_twin_pending_requests()
    {
        await using var database = TestDatabase.Sqlite();
        await TwinRequestsAreMergedAsync(database);
    }

    [Fact]
    public async Task PostgreSql_keeps_the_first_of_twin_pending_requests()
    {
        await using var database = await TestDatabase.PostgreSqlAsync();
        await TwinRequestsAreMergedAsync(database);
    }

    private static async Task TwinRequestsAreMergedAsync(TestDatabase database)
    {
        await using var services = new ServiceCollection()
            .AddDbContext<ChorusAccountDbContext>(b => DatabaseSetup.Use(b, database.Provider, database.ConnectionString))
            .BuildServiceProvider();
        var at = new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
        var space = SpaceCatalog.IdOf("FACTURES_TRAVAUX");
        List<Subscription> rows;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ChorusAccountDbContext>();
            await UpgradeFrom.MigrateToJustBeforeAsync(db, "OnePendingSubscriptionPerLine");
            var user = new User { Login = "tgarnier", LastName = "GARNIER", FirstName = "Théo", ContactEmail = "tgarnier@mairie-exemple.fr", CreatedAt = at, UpdatedAt = at };
            var structure = new Structure { CompanyName = "COMMUNE D'EXEMPLE", Identifier = "21450234500017", IdentifierType = StructureIdentifierType.Siret, City = "Orléans", CreatedAt = at };
            var service = new ServiceUnit { StructureId = structure.Id, Code = "SERV-TECH", Label = "Services techniques" };
            structure.Services.Add(service);
            Subscription Line(Guid? serviceId, SubscriptionStatus status, int seconds) => new()
            {
                UserId = user.Id,
                StructureId = structure.Id,
                ServiceUnitId = serviceId,
                SpaceId = space,
                Status = status,
                RequestedAt = at.AddSeconds(seconds),
            };
            rows =
            [
                Line(service.Id, SubscriptionStatus.Pending, 0), Line(service.Id, SubscriptionStatus.Pending, 1), Line(service.Id, SubscriptionStatus.Pending, 2),
                Line(null, SubscriptionStatus.Pending, 5), Line(null, SubscriptionStatus.Pending, 6),
                // Not pending: kept whatever their number.
                Line(service.Id, SubscriptionStatus.Refused, 0), Line(service.Id, SubscriptionStatus.Refused, 0),
                Line(null, SubscriptionStatus.Active, 0),
            ];
            db.AddRange(user, structure);
            db.Subscriptions.AddRange(rows);
            await db.SaveChangesAsync();
        }

        await StartupTasks.MigrateAsync(services);

        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ChorusAccountDbContext>();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            var kept = await db.Subscriptions.AsNoTracking().Select(s => s.Id).ToListAsync();
            Assert.Equal(new[] { rows[0], rows[3], rows[5], rows[6], rows[7] }.Select(r => r.Id).Order(), kept.Order());
        }
    }
}
