using ChorusAccount.Core.Auditing;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Documents;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Core.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Accounts;

/// <summary>« Télécharger mes données » (RGPD right of access): everything the portal holds about one user, read for
/// that user only, the sessions kept on the server included. Left out: the security stamp, row versions and session ids (technical, not about the person), and the decisions
/// the user took as a manager, which are about other users (each of them finds them in its own export).</summary>
public sealed class ExportPersonalData(ChorusAccountDbContext db, TimeProvider clock)
{
    /// <summary>The JSON inside the ZIP, and where the documents go beside it.</summary>
    public const string JsonEntry = "mes-donnees.json";
    public const string DocumentsFolder = "pieces-jointes/";

    public async Task<PersonalDataExport?> ExecuteAsync(Guid userId, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null)
        {
            return null;
        }

        var membershipRows = await db.Memberships.AsNoTracking()
            .Where(m => m.UserId == userId)
            .OrderBy(m => m.RequestedAt).ThenBy(m => m.Id)
            .Select(m => new
            {
                m.Id,
                m.Structure!.CompanyName,
                m.Structure.IdentifierType,
                m.Structure.Identifier,
                m.Role,
                m.Status,
                m.Origin,
                m.WholeStructure,
                m.StartDate,
                m.EndDate,
                m.RequestedAt,
                m.DecidedAt,
                m.RefusalReason,
            })
            .ToListAsync(ct);
        var services = await MembershipServiceLabels.ForAsync(db, membershipRows.Where(m => !m.WholeStructure).Select(m => m.Id), ct);
        var memberships = membershipRows.Select(m => new MembershipData(
            m.Id, m.CompanyName, m.IdentifierType.ToString(), m.Identifier, m.Role, m.Status, m.Origin, m.WholeStructure,
            [.. services[m.Id].Select(s => new ServiceData(s.Code, s.Label))], m.StartDate, m.EndDate, m.RequestedAt, m.DecidedAt, m.RefusalReason)).ToList();

        var subscriptions = await db.Subscriptions.AsNoTracking()
            .Where(s => s.UserId == userId)
            .OrderBy(s => s.RequestedAt).ThenBy(s => s.Id)
            .Select(s => new SubscriptionData(
                s.Id, s.Structure!.CompanyName, s.ServiceUnit == null ? null : s.ServiceUnit.Code, s.Space!.Code, s.Space.LabelFr,
                s.Mode, s.Status, s.RequestedAt, s.DecidedAt, s.RefusalReason))
            .ToListAsync(ct);

        var names = new ZipEntryNames();
        var documents = (await db.Documents.AsNoTracking()
                .Where(d => d.UserId == userId)
                .OrderBy(d => d.CreatedAt).ThenBy(d => d.Id)
                .Select(d => new { d.Id, d.Designation, Type = d.DocumentType!.LabelFr, d.FileName, d.ContentType, d.Size, d.Sha256, d.CreatedAt })
                .ToListAsync(ct))
            .Select(d => new DocumentData(d.Id, d.Designation, d.Type, d.FileName, d.ContentType, d.Size, d.Sha256, d.CreatedAt, DocumentsFolder + names.Next(d.FileName)))
            .ToList();

        var history = await db.AuditEntries.AsNoTracking()
            .Where(a => a.UserId == userId)
            .OrderBy(a => a.At).ThenBy(a => a.Id)
            .ToListAsync(ct);

        var events = await db.NotificationEvents.AsNoTracking()
            .Where(e => e.RecipientUserId == userId)
            .OrderBy(e => e.OccurredAt).ThenBy(e => e.Id)
            .Select(e => new NotificationEventData(e.Id, e.Kind, e.StatusCode, e.Reason, e.InvoiceNumber, e.OccurredAt))
            .ToListAsync(ct);

        var rejectedRecords = await db.MadrhasRejectedRecords.AsNoTracking()
            .Where(l => l.Login == user.Login)
            .Join(db.MadrhasImportRuns, l => l.RunId, r => r.Id, (l, r) => new { r.FileName, r.StartedAt, l.LineNumber, l.Reason })
            .OrderBy(l => l.StartedAt).ThenBy(l => l.LineNumber)
            .Select(l => new MadrhasRejectedRecordData(l.FileName, l.StartedAt, l.LineNumber, l.Reason))
            .ToListAsync(ct);

        var sessions = await db.UserSessions.AsNoTracking()
            .Where(s => s.UserId == userId)
            .OrderBy(s => s.CreatedAt)
            .Select(s => new UserSessionData(s.CreatedAt, s.LastActivityAt, s.UserAgent, s.ClientAddress))
            .ToListAsync(ct);

        return new PersonalDataExport(
            clock.GetUtcNow().UtcDateTime,
            new ProfileData(
                user.Id, user.Login, user.Civility, user.LastName, user.FirstName, user.ContactEmail, user.MadrhasEmail, user.Address,
                user.Status, user.ProfileValidatedAt, user.CreatedAt, user.UpdatedAt, user.LastSignInAt),
            new NotificationSettingsData(user.ReceiveNotifications, user.ContactEmail, user.Language, user.LastDigestAt),
            memberships,
            subscriptions,
            documents,
            history,
            events,
            rejectedRecords,
            sessions);
    }
}

public sealed record PersonalDataExport(
    DateTime ExportedAt,
    ProfileData Profile,
    NotificationSettingsData NotificationSettings,
    IReadOnlyList<MembershipData> Memberships,
    IReadOnlyList<SubscriptionData> Subscriptions,
    IReadOnlyList<DocumentData> Documents,
    IReadOnlyList<AuditEntry> History,
    IReadOnlyList<NotificationEventData> NotificationEvents,
    IReadOnlyList<MadrhasRejectedRecordData> MadrhasRejectedRecords,
    IReadOnlyList<UserSessionData> Sessions);

public sealed record ProfileData(
    Guid Id, string Login, string? Civility, string LastName, string FirstName, string ContactEmail, string? MadrhasEmail,
    PostalAddress Address, UserStatus Status, DateTime? ProfileValidatedAt, DateTime CreatedAt, DateTime UpdatedAt, DateTime? LastSignInAt);

public sealed record NotificationSettingsData(bool ReceiveNotifications, string ContactEmail, UserLanguage Language, DateTime? LastDigestAt);

public sealed record ServiceData(string Code, string Label);

public sealed record MembershipData(
    Guid Id, string Structure, string IdentifierType, string Identifier, MembershipRole Role, MembershipStatus Status, MembershipOrigin Origin,
    bool WholeStructure, IReadOnlyList<ServiceData> Services, DateOnly StartDate, DateOnly? EndDate, DateTime RequestedAt, DateTime? DecidedAt,
    string? RefusalReason);

public sealed record SubscriptionData(
    Guid Id, string Structure, string? ServiceCode, string SpaceCode, string Space, SubscriptionMode Mode, SubscriptionStatus Status,
    DateTime RequestedAt, DateTime? DecidedAt, string? RefusalReason);

/// <summary>A document's metadata, and where its bytes are in the ZIP.</summary>
public sealed record DocumentData(
    Guid Id, string Designation, string Type, string FileName, string ContentType, long Size, string Sha256, DateTime CreatedAt, string ZipEntry);

public sealed record NotificationEventData(Guid Id, NotificationEventKind Kind, string? StatusCode, string? Reason, string? InvoiceNumber, DateTime OccurredAt);

/// <summary>A session kept on the server (« Mes sessions »), without its id: the id names the session in its cookie.</summary>
public sealed record UserSessionData(DateTime CreatedAt, DateTime LastActivityAt, string UserAgent, string ClientAddress);

public sealed record MadrhasRejectedRecordData(string File, DateTime ImportedAt, int LineNumber, string Reason);
