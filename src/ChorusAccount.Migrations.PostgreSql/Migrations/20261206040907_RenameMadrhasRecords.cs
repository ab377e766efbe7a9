using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChorusAccount.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class RenameMadrhasRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "MadrhasLineHash",
                table: "Users",
                newName: "MadrhasRecordHash");

            migrationBuilder.RenameColumn(
                name: "LinesRejected",
                table: "MadrhasImportRuns",
                newName: "RecordsRejected");

            migrationBuilder.RenameColumn(
                name: "LinesRead",
                table: "MadrhasImportRuns",
                newName: "RecordsRead");

            migrationBuilder.DropForeignKey(
                name: "FK_MadrhasRejectedLines_MadrhasImportRuns_RunId",
                table: "MadrhasRejectedLines");

            migrationBuilder.DropPrimaryKey(
                name: "PK_MadrhasRejectedLines",
                table: "MadrhasRejectedLines");

            migrationBuilder.RenameTable(
                name: "MadrhasRejectedLines",
                newName: "MadrhasRejectedRecords");

            migrationBuilder.RenameIndex(
                name: "IX_MadrhasRejectedLines_RunId_LineNumber",
                table: "MadrhasRejectedRecords",
                newName: "IX_MadrhasRejectedRecords_RunId_LineNumber");

            migrationBuilder.AddPrimaryKey(
                name: "PK_MadrhasRejectedRecords",
                table: "MadrhasRejectedRecords",
                column: "Id");

            migrationBuilder.AddForeignKey(
                name: "FK_MadrhasRejectedRecords_MadrhasImportRuns_RunId",
                table: "MadrhasRejectedRecords",
                column: "RunId",
                principalTable: "MadrhasImportRuns",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "MadrhasRecordHash",
                table: "Users",
                newName: "MadrhasLineHash");

            migrationBuilder.RenameColumn(
                name: "RecordsRejected",
                table: "MadrhasImportRuns",
                newName: "LinesRejected");

            migrationBuilder.RenameColumn(
                name: "RecordsRead",
                table: "MadrhasImportRuns",
                newName: "LinesRead");

            migrationBuilder.DropForeignKey(
                name: "FK_MadrhasRejectedRecords_MadrhasImportRuns_RunId",
                table: "MadrhasRejectedRecords");

            migrationBuilder.DropPrimaryKey(
                name: "PK_MadrhasRejectedRecords",
                table: "MadrhasRejectedRecords");

            migrationBuilder.RenameTable(
                name: "MadrhasRejectedRecords",
                newName: "MadrhasRejectedLines");

            migrationBuilder.RenameIndex(
                name: "IX_MadrhasRejectedRecords_RunId_LineNumber",
                table: "MadrhasRejectedLines",
                newName: "IX_MadrhasRejectedLines_RunId_LineNumber");

            migrationBuilder.AddPrimaryKey(
                name: "PK_MadrhasRejectedLines",
                table: "MadrhasRejectedLines",
                column: "Id");

            migrationBuilder.AddForeignKey(
                name: "FK_MadrhasRejectedLines_MadrhasImportRuns_RunId",
                table: "MadrhasRejectedLines",
                column: "RunId",
                principalTable: "MadrhasImportRuns",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
