using ChorusAccount.Core.Memberships;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChorusAccount.Core.Data.Config;

internal sealed class MembershipServiceConfiguration : IEntityTypeConfiguration<MembershipService>
{
    public void Configure(EntityTypeBuilder<MembershipService> builder)
    {
        builder.ToTable("MembershipServices");
        builder.HasKey(s => new { s.MembershipId, s.ServiceUnitId });
        builder.HasOne(s => s.ServiceUnit).WithMany().HasForeignKey(s => s.ServiceUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
