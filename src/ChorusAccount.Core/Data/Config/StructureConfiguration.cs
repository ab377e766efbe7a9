using ChorusAccount.Core.Structures;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChorusAccount.Core.Data.Config;

internal sealed class StructureConfiguration : IEntityTypeConfiguration<Structure>
{
    public void Configure(EntityTypeBuilder<Structure> builder)
    {
        builder.ToTable("Structures");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Identifier).HasMaxLength(FieldLengths.StructureIdentifier).IsRequired();
        builder.HasIndex(s => new { s.IdentifierType, s.Identifier }).IsUnique();
        builder.Property(s => s.CompanyName).HasMaxLength(FieldLengths.CompanyName).IsRequired();
        builder.Property(s => s.Label).HasMaxLength(FieldLengths.CompanyName);
        builder.Property(s => s.LastName).HasMaxLength(FieldLengths.Name);
        builder.Property(s => s.FirstName).HasMaxLength(FieldLengths.Name);
        builder.Property(s => s.AddressLine).HasMaxLength(FieldLengths.AddressLine);
        builder.Property(s => s.PostalCode).HasMaxLength(FieldLengths.PostalCode);
        builder.Property(s => s.City).HasMaxLength(FieldLengths.City);
        builder.HasIndex(s => s.PostalCode);
        builder.HasMany(s => s.Services).WithOne(u => u.Structure).HasForeignKey(u => u.StructureId).OnDelete(DeleteBehavior.Cascade);
    }
}
