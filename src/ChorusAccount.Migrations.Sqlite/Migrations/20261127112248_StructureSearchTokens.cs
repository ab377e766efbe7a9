using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChorusAccount.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class StructureSearchTokens : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "StructureSearchTokens",
                columns: table => new
                {
                    StructureId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Field = table.Column<int>(type: "INTEGER", nullable: false),
                    Token = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false, collation: "BINARY"),
                    CompanyName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StructureSearchTokens", x => new { x.StructureId, x.Field, x.Token });
                    table.ForeignKey(
                        name: "FK_StructureSearchTokens_Structures_StructureId",
                        column: x => x.StructureId,
                        principalTable: "Structures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_StructureSearchTokens_Field_Token_CompanyName_StructureId",
                table: "StructureSearchTokens",
                columns: new[] { "Field", "Token", "CompanyName", "StructureId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "StructureSearchTokens");
        }
    }
}
