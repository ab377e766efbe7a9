using ChorusAccount.Core.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChorusAccount.Core.Data.Config;

internal sealed class SubscriptionConfiguration : IEntityTypeConfiguration<Subscription>
{
    public void Configure(EntityTypeBuilder<Subscription> builder)
    {
        builder.ToTable("Subscriptions");
        builder.HasKey(s => s.Id);
        builder.HasOne(s => s.User).WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(s => s.Structure).WithMany().HasForeignKey(s => s.StructureId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(s => s.ServiceUnit).WithMany().HasForeignKey(s => s.ServiceUnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(s => s.Space).WithMany().HasForeignKey(s => s.SpaceId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(s => s.RefusalReason).HasMaxLength(FieldLengths.Reason);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasIndex(s => new { s.UserId, s.StructureId, s.ServiceUnitId, s.SpaceId });
        builder.HasIndex(s => new { s.StructureId, s.Status });
        // One pending request per line, held by the database when the same request is posted twice at once (a double
        // click on « Valider »). Two indexes because the engines do not agree on NULLs in a unique index: one for service
        // lines, one for whole-structure lines (no service).
        var pending = $"\"Status\" = {(int)SubscriptionStatus.Pending}";
        builder.HasIndex(s => new { s.UserId, s.StructureId, s.ServiceUnitId, s.SpaceId }, "IX_Subscriptions_OnePendingPerServiceLine")
            .IsUnique()
            .HasFilter($"{pending} AND \"ServiceUnitId\" IS NOT NULL");
        builder.HasIndex(s => new { s.UserId, s.StructureId, s.SpaceId }, "IX_Subscriptions_OnePendingPerStructureLine")
            .IsUnique()
            .HasFilter($"{pending} AND \"ServiceUnitId\" IS NULL");
    }
}
