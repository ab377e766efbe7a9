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
        var memberships = membershipId is { } id
            ? await RowsQuery(db, userId, today).Where(m => m.Id == id).ToListAsync(ct)
            : await _rows.ToListAsync(db, userId, today, ct);
        var services = await MembershipServiceLabels.ForAsync(db, memberships.Where(m => !m.WholeStructure).Select(m => m.Id), ct);
        return [.. memberships.Select(m => new MembershipRow(
            m.Id, m.CompanyName, m.Identifier, m.IdentifierType, m.Role, m.WholeStructure, services.Labels(m.Id), m.StartDate, m.EndDate, m.Status,
            m.StructureId, m.ShowsStructureCard, m.Upcoming))];
    }

    // The rows of « Mes rattachements aux structures », compiled once (CompiledUserQuery): read by « Mon compte » and home.
    private static readonly CompiledUserQuery<MembershipRead> _rows = new(RowsQuery);

    private static IQueryable<MembershipRead> RowsQuery(ChorusAccountDbContext db, Guid userId, DateOnly today)
    {
        var opensCard = AccessRules.OpensStructureCard(today);
        var upcoming = AccessRules.Upcoming(today);
        return db.Memberships.AsNoTracking()
            .Where(m => m.UserId == userId && m.Status != MembershipStatus.Ended)
            .OrderBy(m => m.Structure!.CompanyName)
            .Select(m => new MembershipRead
            {
                Id = m.Id,
                CompanyName = m.Structure!.CompanyName,
                Identifier = m.Structure.Identifier,
                IdentifierType = m.Structure.IdentifierType,
                Role = m.Role,
                WholeStructure = m.WholeStructure,
                StartDate = m.StartDate,
                EndDate = m.EndDate,
                Status = m.Status,
                StructureId = m.StructureId,
                ShowsStructureCard = opensCard.Invoke(m),
                Upcoming = upcoming.Invoke(m),
            });
    }

    // The pending subscription requests of « Mes abonnements aux espaces » (SpaceLines.CoveredOfUser), compiled once.
    private static readonly CompiledUserQuery<Guid> _pendingSubscriptions = new((db, userId, today) =>
        SpaceLines.CoveredOfUser(db, userId, today).Where(s => s.Status == SubscriptionStatus.Pending).Select(s => s.Id));

    // The documents block, compiled once (the day is not part of it).
    private static readonly CompiledUserQuery<DocumentRow> _documents = new((db, userId, _) =>
        db.Documents.AsNoTracking()
            .Where(d => d.UserId == userId)
            .OrderBy(d => d.Designation)
            .Select(d => new DocumentRow(d.Id, d.Designation, d.DocumentType!.LabelFr, d.DocumentType.LabelEn, d.FileName, d.Size, d.CreatedAt)));

    /// <summary>
    /// How many of the user's requests are pending: the pending rows of « Mes rattachements aux structures » among
    /// <paramref name="memberships"/> (its <see cref="MembershipRowsAsync"/>, already read), and those of « Mes abonnements
    /// aux espaces », counted (a request counts while a membership in force covers it, <see cref="SpaceLines.CoveredOfUser"/>,
    /// as <see cref="SubscriptionLines.ForUserAsync"/> lists it).
    /// </summary>
    public static async Task<OwnPendingRequests> PendingRequestsAsync(
        ChorusAccountDbContext db, Guid userId, IReadOnlyList<MembershipRow> memberships, DateOnly today, CancellationToken ct) =>
        new(memberships.Count(m => m.Status == MembershipStatus.Pending),
            (await _pendingSubscriptions.ToListAsync(db, userId, today, ct)).Count);

    /// <summary>The page's three blocks.</summary>
    public async Task<AccountOverview> ExecuteAsync(Guid userId, CancellationToken ct)
    {
        var today = ParisDate.Today(clock);
        var memberships = await MembershipRowsAsync(db, userId, null, today, ct);
        var subscriptions = await SubscriptionLines.ForUserAsync(db, userId, today, ct);
        var documents = await _documents.ToListAsync(db, userId, today, ct);

        return new AccountOverview(memberships, subscriptions, documents);
    }
}

/// <summary>A membership row as read, before its services are added (<see cref="GetAccountOverview.MembershipRowsAsync"/>).</summary>
internal sealed class MembershipRead
{
    public Guid Id { get; init; }
    public string CompanyName { get; init; } = "";
    public string Identifier { get; init; } = "";
    public StructureIdentifierType IdentifierType { get; init; }
    public MembershipRole Role { get; init; }
    public bool WholeStructure { get; init; }
    public DateOnly StartDate { get; init; }
    public DateOnly? EndDate { get; init; }
    public MembershipStatus Status { get; init; }
    public Guid StructureId { get; init; }
    public bool ShowsStructureCard { get; init; }
    public bool Upcoming { get; init; }
}
