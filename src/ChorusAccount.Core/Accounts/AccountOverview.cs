using ChorusAccount.Core.Data;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Structures;
using ChorusAccount.Core.Subscriptions;
using LinqKit;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Accounts;

/// <param name="ShowsStructureCard">The fiche structure icon (<see cref="AccessRules.OpensStructureCard"/>): not for users attached only to some services.</param>
/// <param name="Upcoming">« À venir »: active, but its first day is still to come (<see cref="AccessRules.Upcoming"/>); it grants nothing yet.</param>
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
    Guid StructureId,
    bool ShowsStructureCard,
    bool Upcoming)
{
    /// <summary>The resource key of the status shown: « À venir » before the first day, else the stored status.</summary>
    public string StatusKey => Upcoming ? "MembershipStatus.Upcoming" : $"MembershipStatus.{Status}";
}

public sealed record DocumentRow(Guid Id, string Designation, string TypeLabelFr, string TypeLabelEn, string FileName, long Size, DateTime CreatedAt);

/// <summary>The user's own requests waiting for a manager: those « Mon compte » lists as pending.</summary>
public sealed record OwnPendingRequests(int Memberships, int Subscriptions)
{
    public int Total => Memberships + Subscriptions;
}

public sealed record AccountOverview(
    IReadOnlyList<MembershipRow> Memberships,
    IReadOnlyList<SubscriptionRow> Subscriptions,
    IReadOnlyList<DocumentRow> Documents);

/// <summary>The blocks of « Mon compte » below the personal information, for the signed-in user only.</summary>
public sealed class GetAccountOverview(ChorusAccountDbContext db, TimeProvider clock)
{
    /// <summary>
    /// The user's memberships as shown in « Mes rattachements aux structures » (ended ones left out), or the one named;
    /// the fiche structure and « À venir » as of <paramref name="today"/>.
    /// </summary>
    public static async Task<List<MembershipRow>> MembershipRowsAsync(ChorusAccountDbContext db, Guid userId, Guid? membershipId, DateOnly today, CancellationToken ct)
    {
        var opensCard = AccessRules.OpensStructureCard(today);
        var upcoming = AccessRules.Upcoming(today);
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
                ShowsStructureCard = opensCard.Invoke(m),
                Upcoming = upcoming.Invoke(m),
            })
            .ToListAsync(ct);
        var services = await MembershipServiceLabels.ForAsync(db, memberships.Where(m => !m.WholeStructure).Select(m => m.Id), ct);
        return [.. memberships.Select(m => new MembershipRow(
            m.Id, m.CompanyName, m.Identifier, m.IdentifierType, m.Role, m.WholeStructure, services.Labels(m.Id), m.StartDate, m.EndDate, m.Status,
            m.StructureId, m.ShowsStructureCard, m.Upcoming))];
    }

    /// <summary>
    /// How many of the user's requests are pending: the pending rows of « Mes rattachements aux structures » among
    /// <paramref name="memberships"/> (its <see cref="MembershipRowsAsync"/>, already read), and those of « Mes abonnements
    /// aux espaces », counted (a request counts while a membership in force covers it, <see cref="SpaceLines.CoveredOfUser"/>,
    /// as <see cref="SubscriptionLines.ForUserAsync"/> lists it).
    /// </summary>
    public static async Task<OwnPendingRequests> PendingRequestsAsync(
        ChorusAccountDbContext db, Guid userId, IReadOnlyList<MembershipRow> memberships, DateOnly today, CancellationToken ct) =>
        new(memberships.Count(m => m.Status == MembershipStatus.Pending),
            await SpaceLines.CoveredOfUser(db, userId, today).CountAsync(s => s.Status == SubscriptionStatus.Pending, ct));

    /// <summary>The page's three blocks.</summary>
    public async Task<AccountOverview> ExecuteAsync(Guid userId, CancellationToken ct)
    {
        var today = ParisDate.Today(clock);
        var memberships = await MembershipRowsAsync(db, userId, null, today, ct);
        var subscriptions = await SubscriptionLines.ForUserAsync(db, userId, today, ct);
        var documents = await db.Documents.AsNoTracking()
            .Where(d => d.UserId == userId)
            .OrderBy(d => d.Designation)
            .Select(d => new DocumentRow(d.Id, d.Designation, d.DocumentType!.LabelFr, d.DocumentType.LabelEn, d.FileName, d.Size, d.CreatedAt))
            .ToListAsync(ct);

        return new AccountOverview(memberships, subscriptions, documents);
    }
}
