using ChorusAccount.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChorusAccount.Core.Data.Config;

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> builder)
    {
        builder.ToTable("UserSessions");
        builder.HasKey(s => s.Id);
        builder.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.SecurityStamp).HasMaxLength(64).IsRequired();
        builder.Property(s => s.UserAgent).HasMaxLength(FieldLengths.UserAgent).IsRequired();
        builder.Property(s => s.ClientAddress).HasMaxLength(FieldLengths.ClientAddress).IsRequired();
        builder.HasIndex(s => s.UserId);
        // The clean-up at each sign-in deletes by either end.
        builder.HasIndex(s => s.CreatedAt);
        builder.HasIndex(s => s.LastActivityAt);
    }
}
