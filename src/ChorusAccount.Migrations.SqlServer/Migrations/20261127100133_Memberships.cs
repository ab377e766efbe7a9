using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChorusAccount.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class Memberships : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AddressLine",
                table: "Structures",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Structures_PostalCode",
                table: "Structures",
                column: "PostalCode");

            migrationBuilder.CreateIndex(
                name: "IX_Memberships_OnePrimaryManager",
                table: "Memberships",
                column: "StructureId",
                unique: true,
                filter: "\"Role\" = 3 AND \"Status\" = 2");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Structures_PostalCode",
                table: "Structures");

            migrationBuilder.DropIndex(
                name: "IX_Memberships_OnePrimaryManager",
                table: "Memberships");

            migrationBuilder.DropColumn(
                name: "AddressLine",
                table: "Structures");
        }
    }
}
