using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChorusAccount.Migrations.SqlServer.Migrations
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
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SubjectName",
                table: "NotificationEvents",
                type: "nvarchar(201)",
                maxLength: 201,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "EndAnnouncedFor",
                table: "Memberships",
                type: "date",
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
