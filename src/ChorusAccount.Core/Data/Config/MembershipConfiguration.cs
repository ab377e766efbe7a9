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
        builder.HasMany(m => m.Services).WithOne().HasForeignKey(s => s.MembershipId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(m => m.IsManager);
    }
}
