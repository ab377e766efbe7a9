using ChorusAccount.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChorusAccount.Core.Data.Config;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("Users");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Login).HasMaxLength(FieldLengths.Login).IsRequired();
        builder.HasIndex(u => u.Login).IsUnique();
        builder.Property(u => u.Civility).HasMaxLength(8);
        builder.Property(u => u.LastName).HasMaxLength(FieldLengths.Name).IsRequired();
        builder.Property(u => u.FirstName).HasMaxLength(FieldLengths.Name).IsRequired();
        builder.Property(u => u.ContactEmail).HasMaxLength(FieldLengths.Email).IsRequired();
        builder.Property(u => u.MadrhasEmail).HasMaxLength(FieldLengths.Email);
        builder.Property(u => u.SecurityStamp).HasMaxLength(64).IsRequired();
        builder.Property(u => u.Version).IsConcurrencyToken();
        builder.OwnsOne(u => u.Address, address =>
        {
            address.Property(a => a.Line1).HasColumnName("AddressLine1").HasMaxLength(FieldLengths.AddressLine);
            address.Property(a => a.Line2).HasColumnName("AddressLine2").HasMaxLength(FieldLengths.AddressLine);
            address.Property(a => a.PostalCode).HasColumnName("PostalCode").HasMaxLength(FieldLengths.PostalCode);
            address.Property(a => a.City).HasColumnName("City").HasMaxLength(FieldLengths.City);
            address.Property(a => a.Country).HasColumnName("Country").HasMaxLength(2).IsRequired();
        });
        builder.Navigation(u => u.Address).IsRequired();
        builder.Ignore(u => u.IsActive);
        builder.Ignore(u => u.MustCompleteProfile);
        builder.Ignore(u => u.DisplayName);
    }
}
