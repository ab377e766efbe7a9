using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ChorusAccount.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class MadrhasImportRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MadrhasImportRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    FileName = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false),
                    FileHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Full = table.Column<bool>(type: "boolean", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    RunningLock = table.Column<int>(type: "integer", nullable: true),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    HeartbeatAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    EndedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    LinesRead = table.Column<int>(type: "integer", nullable: false),
                    LinesRejected = table.Column<int>(type: "integer", nullable: false),
                    UsersCreated = table.Column<int>(type: "integer", nullable: false),
                    UsersUpdated = table.Column<int>(type: "integer", nullable: false),
                    UsersDeactivated = table.Column<int>(type: "integer", nullable: false),
                    UsersReactivated = table.Column<int>(type: "integer", nullable: false),
                    StructuresCreated = table.Column<int>(type: "integer", nullable: false),
                    ServicesCreated = table.Column<int>(type: "integer", nullable: false),
                    MembershipsCreated = table.Column<int>(type: "integer", nullable: false),
                    MembershipsUpdated = table.Column<int>(type: "integer", nullable: false),
                    MembershipsEnded = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MadrhasImportRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MadrhasRejectedLines",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RunId = table.Column<Guid>(type: "uuid", nullable: false),
                    LineNumber = table.Column<int>(type: "integer", nullable: false),
                    Login = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    IsFileError = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MadrhasRejectedLines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MadrhasRejectedLines_MadrhasImportRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "MadrhasImportRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MadrhasImportRuns_RunningLock",
                table: "MadrhasImportRuns",
                column: "RunningLock",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MadrhasImportRuns_StartedAt",
                table: "MadrhasImportRuns",
                column: "StartedAt");

            migrationBuilder.CreateIndex(
                name: "IX_MadrhasRejectedLines_RunId_LineNumber",
                table: "MadrhasRejectedLines",
                columns: new[] { "RunId", "LineNumber" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MadrhasRejectedLines");

            migrationBuilder.DropTable(
                name: "MadrhasImportRuns");
        }
    }
}
