using System.Text.Json;
using ChorusAccount.Core.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChorusAccount.Core.Data.Config;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Actor).HasMaxLength(FieldLengths.Login).IsRequired();
        builder.Property(a => a.Action).HasMaxLength(64).IsRequired();
        // The field changes are read only with their entry: one JSON column, the same on every engine.
        builder.Property(a => a.Changes)
            .HasConversion(
                changes => JsonSerializer.Serialize(changes, JsonSerializerOptions.Default),
                json => JsonSerializer.Deserialize<List<FieldChange>>(json, JsonSerializerOptions.Default) ?? new List<FieldChange>(),
                new ValueComparer<List<FieldChange>>(
                    (a, b) => a!.SequenceEqual(b!),
                    list => list.Aggregate(0, (hash, change) => HashCode.Combine(hash, change.GetHashCode())),
                    list => list.ToList()))
            .IsRequired();
        builder.HasIndex(a => new { a.UserId, a.At });
        builder.HasOne<ChorusAccount.Core.Accounts.User>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
