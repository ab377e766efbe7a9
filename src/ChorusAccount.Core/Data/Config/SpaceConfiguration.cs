using ChorusAccount.Core.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChorusAccount.Core.Data.Config;

internal sealed class SpaceConfiguration : IEntityTypeConfiguration<Space>
{
    public void Configure(EntityTypeBuilder<Space> builder)
    {
        builder.ToTable("Spaces");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Code).HasMaxLength(64).IsRequired();
        builder.HasIndex(s => s.Code).IsUnique();
        builder.Property(s => s.LabelFr).HasMaxLength(100).IsRequired();
        builder.Property(s => s.LabelEn).HasMaxLength(100).IsRequired();
        builder.HasData(SpaceCatalog.All);
    }
}
