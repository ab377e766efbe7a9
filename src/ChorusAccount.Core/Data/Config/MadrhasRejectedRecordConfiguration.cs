using ChorusAccount.Core.Madrhas;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChorusAccount.Core.Data.Config;

internal sealed class MadrhasRejectedRecordConfiguration : IEntityTypeConfiguration<MadrhasRejectedRecord>
{
    public void Configure(EntityTypeBuilder<MadrhasRejectedRecord> builder)
    {
        builder.ToTable("MadrhasRejectedRecords");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Login).HasMaxLength(FieldLengths.Reason);
        builder.Property(l => l.Reason).HasMaxLength(FieldLengths.Reason).IsRequired();
        builder.HasIndex(l => new { l.RunId, l.LineNumber });
    }
}
