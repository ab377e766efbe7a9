using ChorusAccount.Core.Memberships;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChorusAccount.Core.Data.Config;

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> builder)
    {
        builder.ToTable("Memberships");
        builder.HasKey(m => m.Id);
        builder.HasOne(m => m.User).WithMany(u => u.Memberships).HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(m => m.Structure).WithMany().HasForeignKey(m => m.StructureId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(m => m.RefusalReason).HasMaxLength(FieldLengths.Reason);
        builder.Property(m => m.Version).IsConcurrencyToken();
        builder.HasIndex(m => new { m.StructureId, m.Status });
        builder.HasIndex(m => new { m.UserId, m.StructureId });
        // The invariant "exactly one primary manager per structure", held by the database even when two handovers race.
        // Double-quoted identifiers are understood by SQLite, PostgreSQL and SQL Server (QUOTED_IDENTIFIER ON).
        builder.HasIndex(m => m.StructureId)
            .HasDatabaseName("IX_Memberships_OnePrimaryManager")
            .IsUnique()
            .HasFilter($"\"Role\" = {(int)MembershipRole.PrimaryManager} AND \"Status\" = {(int)MembershipStatus.Active}");
        builder.HasIndex(m => new { m.UserId, m.RequestKey })
            .HasDatabaseName("IX_Memberships_OneRequestPerForm")
            .IsUnique()
            .HasFilter("\"RequestKey\" IS NOT NULL");
        builder.HasMany(m => m.Services).WithOne().HasForeignKey(s => s.MembershipId).OnDelete(DeleteBehavior.Cascade);
    }
}
