using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChorusAccount.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class MembershipRequestKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "RequestKey",
                table: "Memberships",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Memberships_OneRequestPerForm",
                table: "Memberships",
                columns: new[] { "UserId", "RequestKey" },
                unique: true,
                filter: "\"RequestKey\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Memberships_OneRequestPerForm",
                table: "Memberships");

            migrationBuilder.DropColumn(
                name: "RequestKey",
                table: "Memberships");
        }
    }
}
