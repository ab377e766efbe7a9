using ChorusAccount.Core.Structures;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChorusAccount.Core.Data.Config;

internal sealed class ServiceUnitConfiguration : IEntityTypeConfiguration<ServiceUnit>
{
    public void Configure(EntityTypeBuilder<ServiceUnit> builder)
    {
        builder.ToTable("ServiceUnits");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Code).HasMaxLength(FieldLengths.ServiceCode).IsRequired();
        builder.Property(s => s.Label).HasMaxLength(FieldLengths.ServiceLabel).IsRequired();
        builder.HasIndex(s => new { s.StructureId, s.Code }).IsUnique();
    }
}
