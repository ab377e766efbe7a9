using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Structures;

namespace ChorusAccount.Testing;

/// <summary>Structures and memberships written straight into a test portal's database, each test with its own.</summary>
public static class PortalData
{
    /// <summary>A structure of its own (unique name and SIRET unless given) with three services, in Orléans unless told.</summary>
    public static async Task<Structure> CreateStructureAsync(this PortalHost host, string? identifier = null, string? companyName = null, string postalCode = "45000")
    {
        var suffix = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var structure = new Structure
        {
            Identifier = identifier ?? Siret(),
            CompanyName = companyName ?? $"SYNDICAT TEST {suffix}",
            City = "Orléans",
            PostalCode = postalCode,
            CreatedAt = DateTime.UtcNow,
        };
        structure.Services.AddRange(new[] { "SERV-A", "SERV-B", "SERV-C" }.Select(c => new ServiceUnit { StructureId = structure.Id, Code = c, Label = $"Service {c[^1]} {suffix}" }));
        await host.WithDbAsync(async db =>
        {
            db.Structures.Add(structure);
            await db.SaveChangesAsync();
            await StructureSearchTokens.RefreshAsync(db, [structure.Id], CancellationToken.None);
        });
        return structure;
    }

    /// <summary>Attaches the user to the whole structure, or to its first service only.</summary>
    public static Task<Guid> AttachAsync(
        this PortalHost host, User user, Structure structure, MembershipRole role = MembershipRole.Member, bool whole = true, MembershipStatus status = MembershipStatus.Active) =>
        host.WithDbAsync(async db =>
        {
            var membership = new Membership
            {
                UserId = user.Id,
                StructureId = structure.Id,
                Role = role,
                Status = status,
                WholeStructure = whole,
                StartDate = new DateOnly(2025, 1, 1),
                RequestedAt = DateTime.UtcNow,
                Services = whole ? [] : [new MembershipService { ServiceUnitId = structure.Services[0].Id }],
            };
            db.Memberships.Add(membership);
            await db.SaveChangesAsync();
            return membership.Id;
        });

    private static string Siret()
    {
        var body = "2" + Random.Shared.NextInt64(0, 1_000_000_000_000).ToString("D12");
        return Enumerable.Range(0, 10).Select(d => body + d).First(StructureIdentifier.PassesLuhn);
    }
}
