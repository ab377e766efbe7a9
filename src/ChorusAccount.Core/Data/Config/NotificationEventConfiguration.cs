using ChorusAccount.Core.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChorusAccount.Core.Data.Config;

internal sealed class NotificationEventConfiguration : IEntityTypeConfiguration<NotificationEvent>
{
    public void Configure(EntityTypeBuilder<NotificationEvent> builder)
    {
        builder.ToTable("NotificationEvents");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.ExternalId).HasMaxLength(100);
        builder.HasIndex(e => e.ExternalId).IsUnique();
        builder.Property(e => e.ServiceCode).HasMaxLength(FieldLengths.ServiceCode);
        builder.Property(e => e.InvoiceNumber).HasMaxLength(100);
        builder.Property(e => e.StatusCode).HasMaxLength(64);
        builder.Property(e => e.Reason).HasMaxLength(FieldLengths.Reason);
        builder.Property(e => e.SubjectName).HasMaxLength(2 * FieldLengths.Name + 1);
        builder.Property(e => e.NewContactEmail).HasMaxLength(FieldLengths.Email);
        builder.HasIndex(e => e.CreatedAt);
        builder.HasIndex(e => new { e.RecipientUserId, e.CreatedAt });
        builder.HasIndex(e => new { e.StructureId, e.CreatedAt });
    }
}
