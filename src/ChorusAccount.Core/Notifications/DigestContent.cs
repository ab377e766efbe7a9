using ChorusAccount.Core.Accounts;

namespace ChorusAccount.Core.Notifications;

/// <summary>
/// One user's digest, ready to be written in its language: events grouped by structure, then by status. A decision email
/// carries its one event, and <see cref="Decision"/> says what to write.
/// </summary>
public sealed record DigestContent(
    ClaimedDigest Digest, string Email, string DisplayName, UserLanguage Language, IReadOnlyList<DigestStructure> Structures, DecisionMail? Decision = null)
{
    public int EventCount => Structures.Sum(s => s.Groups.Sum(g => g.Items.Count));
}

/// <summary>A structure's events; portal events without a structure are gathered under a null one.</summary>
public sealed record DigestStructure(Guid? StructureId, string? Name, string? Identifier, IReadOnlyList<DigestGroup> Groups);

/// <summary>Events of one kind and status (an invoice status code, or a portal decision).</summary>
public sealed record DigestGroup(NotificationEventKind Kind, string? StatusCode, IReadOnlyList<DigestItem> Items);

/// <summary>A manager's decision told to its requester; <see cref="Space"/> is null for a membership request.</summary>
public sealed record DecisionMail(bool Approved, string StructureName, string? Reason, Subscriptions.Space? Space, string? ServiceLabel, Subscriptions.SubscriptionMode? Mode);

/// <param name="SubjectName">Membership events: whose membership it is.</param>
/// <param name="EffectiveDate">Membership events: its end date.</param>
public sealed record DigestItem(
    string? InvoiceNumber, InvoiceSide? Side, string? ServiceCode, string? Reason, DateTime OccurredAt, string? SubjectName = null, DateOnly? EffectiveDate = null);
