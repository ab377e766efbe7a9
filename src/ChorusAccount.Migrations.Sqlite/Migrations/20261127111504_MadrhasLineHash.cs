using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChorusAccount.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MadrhasLineHash : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "MadrhasLineHash",
                table: "Users",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MadrhasLineHash",
                table: "Users");
        }
    }
}
