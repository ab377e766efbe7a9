using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChorusAccount.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DecisionMailOutbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_NotificationDigests_UserId_Day",
                table: "NotificationDigests");

            migrationBuilder.AddColumn<int>(
                name: "Mode",
                table: "NotificationEvents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SpaceId",
                table: "NotificationEvents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "EventId",
                table: "NotificationDigests",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_NotificationDigests_EventId",
                table: "NotificationDigests",
                column: "EventId",
                unique: true,
                filter: "\"EventId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_NotificationDigests_UserId_Day",
                table: "NotificationDigests",
                columns: new[] { "UserId", "Day" },
                unique: true,
                filter: "\"EventId\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_NotificationDigests_EventId",
                table: "NotificationDigests");

            migrationBuilder.DropIndex(
                name: "IX_NotificationDigests_UserId_Day",
                table: "NotificationDigests");

            migrationBuilder.DropColumn(
                name: "Mode",
                table: "NotificationEvents");

            migrationBuilder.DropColumn(
                name: "SpaceId",
                table: "NotificationEvents");

            migrationBuilder.DropColumn(
                name: "EventId",
                table: "NotificationDigests");

            migrationBuilder.CreateIndex(
                name: "IX_NotificationDigests_UserId_Day",
                table: "NotificationDigests",
                columns: new[] { "UserId", "Day" },
                unique: true);
        }
    }
}
