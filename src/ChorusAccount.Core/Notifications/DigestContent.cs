using ChorusAccount.Core.Accounts;

namespace ChorusAccount.Core.Notifications;

/// <summary>
/// One user's digest, ready to be written in its language: events grouped by structure, then by status. An email of its
/// own carries its one event: <see cref="Decision"/> or <see cref="EmailChange"/> says what to write.
/// </summary>
/// <param name="Email">The address it goes to: the contact email, or the previous one for <see cref="EmailChange"/>.</param>
public sealed record DigestContent(
    ClaimedDigest Digest, string Email, string DisplayName, UserLanguage Language, IReadOnlyList<DigestStructure> Structures, DecisionMail? Decision = null,
    ContactEmailChangeMail? EmailChange = null)
{
    public int EventCount => Structures.Sum(s => s.Groups.Sum(g => g.Items.Count));
}

/// <summary>A structure's events; portal events without a structure are gathered under a null one.</summary>
public sealed record DigestStructure(Guid? StructureId, string? Name, string? Identifier, IReadOnlyList<DigestGroup> Groups);

/// <summary>Events of one kind and status (an invoice status code, or a portal decision).</summary>
public sealed record DigestGroup(NotificationEventKind Kind, string? StatusCode, IReadOnlyList<DigestItem> Items);

/// <summary>A manager's decision told to its requester; <see cref="Space"/> is null for a membership request.</summary>
public sealed record DecisionMail(bool Approved, string StructureName, string? Reason, Subscriptions.Space? Space, string? ServiceLabel, Subscriptions.SubscriptionMode? Mode);

/// <summary>The notice of a contact email change, to the previous address: the new one (partly masked when written) and when.</summary>
public sealed record ContactEmailChangeMail(string NewAddress, DateTime ChangedAt);

/// <param name="SubjectName">Membership events: whose membership it is.</param>
/// <param name="EffectiveDate">Membership events: its end date.</param>
public sealed record DigestItem(
    string? InvoiceNumber, InvoiceSide? Side, string? ServiceCode, string? Reason, DateTime OccurredAt, string? SubjectName = null, DateOnly? EffectiveDate = null);
