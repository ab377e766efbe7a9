using ChorusAccount.Core.Data;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Structures;
using ChorusAccount.Core.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Accounts;

public sealed record MembershipRow(
    Guid Id,
    string StructureName,
    string StructureIdentifier,
    StructureIdentifierType IdentifierType,
    MembershipRole Role,
    bool WholeStructure,
    IReadOnlyList<string> Services,
    DateOnly StartDate,
    DateOnly? EndDate,
    MembershipStatus Status,
    Guid StructureId)
{
    /// <summary>The fiche structure icon: not for users attached only to some services.</summary>
    public bool ShowsStructureCard => Status == MembershipStatus.Active && (WholeStructure || Role != MembershipRole.Member);
}

public sealed record DocumentRow(Guid Id, string Designation, string TypeLabelFr, string TypeLabelEn, string FileName, long Size, DateTime CreatedAt);

public sealed record AccountOverview(
    IReadOnlyList<MembershipRow> Memberships,
    IReadOnlyList<SubscriptionRow> Subscriptions,
    IReadOnlyList<DocumentRow> Documents);

/// <summary>The blocks of « Mon compte » below the personal information, for the signed-in user only.</summary>
public sealed class GetAccountOverview(ChorusAccountDbContext db)
{
    /// <summary>The user's memberships as shown in « Mes rattachements aux structures » (ended ones left out).</summary>
    public static IQueryable<MembershipRow> MembershipRows(ChorusAccountDbContext db, Guid userId, Guid? membershipId = null) =>
        db.Memberships.AsNoTracking()
            .Where(m => m.UserId == userId && m.Status != MembershipStatus.Ended && (membershipId == null || m.Id == membershipId))
            .OrderBy(m => m.Structure!.CompanyName)
            .Select(m => new MembershipRow(
                m.Id,
                m.Structure!.CompanyName,
                m.Structure.Identifier,
                m.Structure.IdentifierType,
                m.Role,
                m.WholeStructure,
                m.Services.OrderBy(s => s.ServiceUnit!.Code).Select(s => s.ServiceUnit!.Label).ToList(),
                m.StartDate,
                m.EndDate,
                m.Status,
                m.StructureId));

    public async Task<AccountOverview> ExecuteAsync(Guid userId, CancellationToken ct)
    {
        var memberships = await MembershipRows(db, userId).ToListAsync(ct);

        var subscriptions = await SubscriptionLines.ForUserAsync(db, userId, ct);

        var documents = await db.Documents.AsNoTracking()
            .Where(d => d.UserId == userId)
            .OrderBy(d => d.Designation)
            .Select(d => new DocumentRow(d.Id, d.Designation, d.DocumentType!.LabelFr, d.DocumentType.LabelEn, d.FileName, d.Size, d.CreatedAt))
            .ToListAsync(ct);

        return new AccountOverview(memberships, subscriptions, documents);
    }
}
