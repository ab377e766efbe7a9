using ChorusAccount.Core.Structures;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChorusAccount.Core.Data.Config;

internal sealed class StructureSearchTokenConfiguration : IEntityTypeConfiguration<StructureSearchToken>
{
    public void Configure(EntityTypeBuilder<StructureSearchToken> builder)
    {
        builder.ToTable("StructureSearchTokens");
        // Key: a structure's values, rewritten together. Index: a criterion's range, its matches in page order
        // (raison sociale, then id) when the range holds one value; covering, so a search reads no structure.
        // The token's collation is binary, set per engine by the context (EngineDialect); the raison sociale keeps
        // the engine's own, so that pages come in the order of the structures' own column.
        builder.HasKey(t => new { t.StructureId, t.Field, t.Token });
        builder.Property(t => t.Token).HasMaxLength(FieldLengths.CompanyName);
        builder.Property(t => t.CompanyName).HasMaxLength(FieldLengths.CompanyName);
        builder.HasIndex(t => new { t.Field, t.Token, t.CompanyName, t.StructureId });
        builder.HasOne<Structure>().WithMany().HasForeignKey(t => t.StructureId).OnDelete(DeleteBehavior.Cascade);
    }
}
