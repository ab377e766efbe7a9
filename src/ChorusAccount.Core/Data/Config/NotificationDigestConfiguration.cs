using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChorusAccount.Core.Data.Config;

internal sealed class NotificationDigestConfiguration : IEntityTypeConfiguration<NotificationDigest>
{
    public void Configure(EntityTypeBuilder<NotificationDigest> builder)
    {
        builder.ToTable("NotificationDigests");
        builder.HasKey(d => d.Id);
        builder.HasOne<User>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Cascade);
        // One digest per user and day: two runs, two nodes or a re-run cannot plan a second one. Decision emails are rows
        // of their own, one per decision event.
        builder.HasIndex(d => new { d.UserId, d.Day }).IsUnique().HasFilter("\"EventId\" IS NULL");
        builder.HasIndex(d => d.EventId).IsUnique().HasFilter("\"EventId\" IS NOT NULL");
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        builder.HasIndex(d => new { d.Status, d.ClaimExpiresAt });
        builder.HasIndex(d => new { d.Day, d.Status });
        builder.Property(d => d.Recipient).HasMaxLength(FieldLengths.Email);
        builder.Property(d => d.LastError).HasMaxLength(FieldLengths.Reason);
    }
}
