using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChorusAccount.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MadrhasMembershipRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "MadrhasRecordHash",
                table: "Memberships",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "MadrhasRole",
                table: "Memberships",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MadrhasRecordHash",
                table: "Memberships");

            migrationBuilder.DropColumn(
                name: "MadrhasRole",
                table: "Memberships");
        }
    }
}
