using ChorusAccount.Core.Madrhas;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChorusAccount.Core.Data.Config;

internal sealed class MadrhasImportRunConfiguration : IEntityTypeConfiguration<MadrhasImportRun>
{
    public void Configure(EntityTypeBuilder<MadrhasImportRun> builder)
    {
        builder.ToTable("MadrhasImportRuns");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.FileName).HasMaxLength(FieldLengths.ImportFileName).IsRequired();
        builder.Property(r => r.FileHash).HasMaxLength(64).IsRequired();
        builder.Property(r => r.Error).HasMaxLength(FieldLengths.Reason);
        // Nulls do not collide: only the running run holds the value, so a second concurrent start fails on insert.
        builder.HasIndex(r => r.RunningLock).IsUnique();
        builder.HasIndex(r => r.StartedAt);
        builder.HasMany<MadrhasRejectedRecord>().WithOne().HasForeignKey(l => l.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
