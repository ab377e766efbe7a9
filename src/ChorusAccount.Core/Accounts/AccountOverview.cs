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

/// <param name="ManagesStructures">Whether « Activités du gestionnaire » is open to the user (for the menu), read with the lines.</param>
public sealed record AccountOverview(
    IReadOnlyList<MembershipRow> Memberships,
    IReadOnlyList<SubscriptionRow> Subscriptions,
    IReadOnlyList<DocumentRow> Documents,
    bool ManagesStructures);

/// <summary>The blocks of « Mon compte » below the personal information, for the signed-in user only.</summary>
public sealed class GetAccountOverview(ChorusAccountDbContext db)
{
    /// <summary>The user's memberships as shown in « Mes rattachements aux structures » (ended ones left out), or the one named.</summary>
    public static async Task<List<MembershipRow>> MembershipRowsAsync(ChorusAccountDbContext db, Guid userId, Guid? membershipId, CancellationToken ct) =>
        (await MembershipsAsync(db, userId, membershipId, ct)).Rows;

    /// <summary><see cref="MembershipRowsAsync"/>, with the services of each membership attached to services (ids and labels).</summary>
    private static async Task<(List<MembershipRow> Rows, ILookup<Guid, MembershipServiceLabels.Service> Services)> MembershipsAsync(
        ChorusAccountDbContext db, Guid userId, Guid? membershipId, CancellationToken ct)
    {
        var query = db.Memberships.AsNoTracking().Where(m => m.UserId == userId && m.Status != MembershipStatus.Ended);
        if (membershipId is { } id)
        {
            query = query.Where(m => m.Id == id);
        }

        var memberships = await query
            .OrderBy(m => m.Structure!.CompanyName)
            .Select(m => new
            {
                m.Id,
                m.Structure!.CompanyName,
                m.Structure.Identifier,
                m.Structure.IdentifierType,
                m.Role,
                m.WholeStructure,
                m.StartDate,
                m.EndDate,
                m.Status,
                m.StructureId,
            })
            .ToListAsync(ct);
        var services = await MembershipServiceLabels.ForAsync(db, memberships.Where(m => !m.WholeStructure).Select(m => m.Id), ct);
        return ([.. memberships.Select(m => new MembershipRow(
            m.Id, m.CompanyName, m.Identifier, m.IdentifierType, m.Role, m.WholeStructure, services.Labels(m.Id), m.StartDate, m.EndDate, m.Status, m.StructureId))],
            services);
    }

    /// <summary>
    /// The page's three blocks. The lines of « Mes abonnements » are derived from the memberships read for « Mes
    /// rattachements » and the user's subscription rows (<see cref="UserLineRows.FromMembershipsAsync"/>): one statement more,
    /// not the union.
    /// </summary>
    public async Task<AccountOverview> ExecuteAsync(Guid userId, CancellationToken ct)
    {
        var (memberships, services) = await MembershipsAsync(db, userId, null, ct);
        var active = memberships.Where(m => m.Status == MembershipStatus.Active)
            .Select(m => new UserLineRows.ActiveAttachment(m.StructureId, m.StructureName, m.Role, m.WholeStructure, [.. services[m.Id].Select(x => (x.Id, x.Label))]))
            .ToList();
        var (subscriptions, manages) = SubscriptionLines.Read(userId, await UserLineRows.FromMembershipsAsync(db, userId, active, ct));

        var documents = await db.Documents.AsNoTracking()
            .Where(d => d.UserId == userId)
            .OrderBy(d => d.Designation)
            .Select(d => new DocumentRow(d.Id, d.Designation, d.DocumentType!.LabelFr, d.DocumentType.LabelEn, d.FileName, d.Size, d.CreatedAt))
            .ToListAsync(ct);

        return new AccountOverview(memberships, subscriptions, documents, manages);
    }
}
