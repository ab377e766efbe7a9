using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChorusAccount.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class OnePendingSubscriptionPerLine : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A request posted twice before this index existed keeps its first row (the same line, the same requester).
            migrationBuilder.Sql("""
                DELETE FROM "Subscriptions"
                WHERE "Status" = 1 AND EXISTS (
                    SELECT 1 FROM "Subscriptions" AS "First"
                    WHERE "First"."Status" = 1 AND "First"."UserId" = "Subscriptions"."UserId"
                      AND "First"."StructureId" = "Subscriptions"."StructureId" AND "First"."SpaceId" = "Subscriptions"."SpaceId"
                      AND ("First"."ServiceUnitId" = "Subscriptions"."ServiceUnitId" OR ("First"."ServiceUnitId" IS NULL AND "Subscriptions"."ServiceUnitId" IS NULL))
                      AND ("First"."RequestedAt" < "Subscriptions"."RequestedAt" OR ("First"."RequestedAt" = "Subscriptions"."RequestedAt" AND "First"."Id" < "Subscriptions"."Id")))
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Subscriptions_OnePendingPerServiceLine",
                table: "Subscriptions",
                columns: new[] { "UserId", "StructureId", "ServiceUnitId", "SpaceId" },
                unique: true,
                filter: "\"Status\" = 1 AND \"ServiceUnitId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Subscriptions_OnePendingPerStructureLine",
                table: "Subscriptions",
                columns: new[] { "UserId", "StructureId", "SpaceId" },
                unique: true,
                filter: "\"Status\" = 1 AND \"ServiceUnitId\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Subscriptions_OnePendingPerServiceLine",
                table: "Subscriptions");

            migrationBuilder.DropIndex(
                name: "IX_Subscriptions_OnePendingPerStructureLine",
                table: "Subscriptions");
        }
    }
}
