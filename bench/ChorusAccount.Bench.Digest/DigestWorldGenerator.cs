using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Core.Structures;
using ChorusAccount.Testing;

namespace ChorusAccount.Bench.Digest;

/// <summary>
/// Deterministic data for the digest: one structure per <see cref="UsersPerStructure"/> users, each user attached to the
/// whole structure (so it holds Factures émises and Factures reçues), and as many invoice events per structure as each
/// user must receive, sides and statuses alternating. Every fifth user reads English.
/// </summary>
internal static class DigestWorldGenerator
{
    public const int UsersPerStructure = 5;
    private const int Chunk = 5_000;

    public static string Email(int user) => $"bench{user:D7}@mairie-bench.fr";

    public static async Task GenerateAsync(PortalHost host, int users, int eventsPerUser)
    {
        var now = DateTime.UtcNow;
        var structures = (users + UsersPerStructure - 1) / UsersPerStructure;
        for (var first = 0; first < structures; first += Chunk / UsersPerStructure)
        {
            var batch = Enumerable.Range(first, Math.Min(Chunk / UsersPerStructure, structures - first)).ToList();
            await host.WithDbAsync(async db =>
            {
                db.ChangeTracker.AutoDetectChangesEnabled = false;
                foreach (var s in batch)
                {
                    var structure = new Structure { Identifier = $"B{s:D13}", IdentifierType = StructureIdentifierType.Autre, CompanyName = $"COMMUNE BENCH {s:D6}", CreatedAt = now };
                    db.Structures.Add(structure);
                    for (var u = s * UsersPerStructure; u < Math.Min(users, (s + 1) * UsersPerStructure); u++)
                    {
                        var user = new User
                        {
                            Login = $"bench{u:D7}",
                            FirstName = "Agent",
                            LastName = $"Numero{u}",
                            ContactEmail = Email(u),
                            Address = new PostalAddress { Country = "FR" },
                            Language = u % 5 == 4 ? UserLanguage.English : UserLanguage.French,
                            ProfileValidatedAt = now,
                            CreatedAt = now,
                            UpdatedAt = now,
                        };
                        db.Users.Add(user);
                        db.Memberships.Add(new Membership
                        {
                            UserId = user.Id,
                            StructureId = structure.Id,
                            Role = u % UsersPerStructure == 0 ? MembershipRole.PrimaryManager : MembershipRole.Member,
                            Status = MembershipStatus.Active,
                            WholeStructure = true,
                            StartDate = new DateOnly(2025, 1, 1),
                            RequestedAt = now,
                        });
                    }

                    for (var e = 0; e < eventsPerUser; e++)
                    {
                        var status = InvoiceStatusCodes.All[(s + e) % InvoiceStatusCodes.All.Count];
                        db.NotificationEvents.Add(new NotificationEvent
                        {
                            ExternalId = $"bench-{s}-{e}",
                            Kind = NotificationEventKind.InvoiceStatus,
                            StructureId = structure.Id,
                            InvoiceNumber = $"FAC-{s:D6}-{e}",
                            InvoiceSide = e % 2 == 0 ? InvoiceSide.Recipient : InvoiceSide.Sender,
                            StatusCode = status,
                            Reason = InvoiceStatusCodes.RequiresReason(status) ? "Pièce justificative manquante" : null,
                            OccurredAt = now.AddHours(-e),
                            CreatedAt = now.AddMinutes(-10),
                        });
                    }
                }

                db.ChangeTracker.DetectChanges();
                await db.SaveChangesAsync();
            });
        }
    }
}
