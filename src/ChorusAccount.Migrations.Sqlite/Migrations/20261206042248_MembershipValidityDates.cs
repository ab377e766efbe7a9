using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChorusAccount.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MembershipValidityDates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "EffectiveDate",
                table: "NotificationEvents",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SubjectName",
                table: "NotificationEvents",
                type: "TEXT",
                maxLength: 201,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "EndAnnouncedFor",
                table: "Memberships",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EffectiveDate",
                table: "NotificationEvents");

            migrationBuilder.DropColumn(
                name: "SubjectName",
                table: "NotificationEvents");

            migrationBuilder.DropColumn(
                name: "EndAnnouncedFor",
                table: "Memberships");
        }
    }
}
