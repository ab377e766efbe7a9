using ChorusAccount.Core.Documents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChorusAccount.Core.Data.Config;

internal sealed class DocumentTypeConfiguration : IEntityTypeConfiguration<DocumentType>
{
    public void Configure(EntityTypeBuilder<DocumentType> builder)
    {
        builder.ToTable("DocumentTypes");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Code).HasMaxLength(64).IsRequired();
        builder.HasIndex(t => t.Code).IsUnique();
        builder.Property(t => t.LabelFr).HasMaxLength(100).IsRequired();
        builder.Property(t => t.LabelEn).HasMaxLength(100).IsRequired();
        builder.HasData(DocumentType.Seed);
    }
}
