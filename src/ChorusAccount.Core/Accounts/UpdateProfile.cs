using ChorusAccount.Core.Auditing;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Notifications;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Accounts;

/// <summary>Nom, prénom, contact email and professional postal address: what the user checks at first sign-in.</summary>
public sealed record PersonalInformation(string? Civility, string LastName, string FirstName, string ContactEmail, PostalAddress Address);

/// <summary>« Mes paramètres ».</summary>
public sealed record AccountParameters(UserLanguage Language, bool ReceiveNotifications);

public enum UpdateProfileOutcome
{
    Saved,
    Unchanged,
    NotFound,
    ModifiedElsewhere,
}

public sealed record UpdateProfileResult(UpdateProfileOutcome Outcome, User? User);

/// <summary>Saves the user's own changes to its account and records them, field by field, in its history.
/// The first validation (first sign-in) is recorded even when nothing was edited. A change of the contact email of a
/// validated account is told to the previous address (<see cref="NotificationEventKind.ContactEmailChanged"/>): an
/// outbox row written with the change, sent by the outbox worker, so a mistyped or hijacked change does not go unnoticed.</summary>
public sealed class UpdateProfile(ChorusAccountDbContext db, TimeProvider clock)
{
    public const string ValidatedAction = "ProfileValidated";
    public const string UpdatedAction = "ProfileUpdated";

    public async Task<UpdateProfileResult> ExecuteAsync(
        Guid userId,
        Guid expectedVersion,
        PersonalInformation information,
        AccountParameters? parameters,
        CancellationToken ct)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null)
        {
            return new(UpdateProfileOutcome.NotFound, null);
        }

        // The version the form was read with is the one the update is checked against.
        db.Entry(user).Property(u => u.Version).OriginalValue = expectedVersion;

        var changes = new List<FieldChange>();
        var previousEmail = user.ContactEmail;
        Apply(changes, "Civility", user.Civility, information.Civility, v => user.Civility = v);
        Apply(changes, "LastName", user.LastName, information.LastName, v => user.LastName = v!);
        Apply(changes, "FirstName", user.FirstName, information.FirstName, v => user.FirstName = v!);
        Apply(changes, "ContactEmail", user.ContactEmail, information.ContactEmail, v => user.ContactEmail = v!);
        var address = user.Address.Copy();
        Apply(changes, "AddressLine1", address.Line1, information.Address.Line1, v => address.Line1 = v);
        Apply(changes, "AddressLine2", address.Line2, information.Address.Line2, v => address.Line2 = v);
        Apply(changes, "PostalCode", address.PostalCode, information.Address.PostalCode, v => address.PostalCode = v);
        Apply(changes, "City", address.City, information.Address.City, v => address.City = v);
        Apply(changes, "Country", address.Country, information.Address.Country, v => address.Country = v!);
        user.Address = address;
        if (parameters is not null)
        {
            Apply(changes, "Language", user.Language.ToString(), parameters.Language.ToString(), _ => user.Language = parameters.Language);
            Apply(changes, "ReceiveNotifications", user.ReceiveNotifications.ToString(), parameters.ReceiveNotifications.ToString(), _ => user.ReceiveNotifications = parameters.ReceiveNotifications);
        }

        var validating = user.MustCompleteProfile;
        if (changes.Count == 0 && !validating)
        {
            return new(UpdateProfileOutcome.Unchanged, user);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (validating)
        {
            user.ProfileValidatedAt = now;
        }

        user.UpdatedAt = now;
        // Told at a change of the address the user had confirmed; not at the first validation, where the previous one is
        // MADRHAS's, never checked by the user. A change of case only is the same mailbox.
        if (!validating && !string.Equals(previousEmail, user.ContactEmail, StringComparison.OrdinalIgnoreCase))
        {
            TellPreviousAddress(user, previousEmail, now);
        }

        db.AuditEntries.Add(new AuditEntry
        {
            UserId = user.Id,
            Actor = user.Login,
            At = now,
            Action = validating ? ValidatedAction : UpdatedAction,
            Changes = changes,
        });

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new(UpdateProfileOutcome.ModifiedElsewhere, null);
        }

        return new(UpdateProfileOutcome.Saved, user);
    }

    private void TellPreviousAddress(User user, string previousEmail, DateTime now)
    {
        var notice = new NotificationEvent
        {
            Kind = NotificationEventKind.ContactEmailChanged,
            RecipientUserId = user.Id,
            NewContactEmail = user.ContactEmail,
            OccurredAt = now,
            CreatedAt = now,
        };
        db.NotificationEvents.Add(notice);
        db.NotificationDigests.Add(new NotificationDigest
        {
            UserId = user.Id,
            EventId = notice.Id,
            Recipient = previousEmail,
            Day = ParisDate.OfUtc(now),
            EventsAfter = now,
            EventsUntil = now,
            NextAttemptAt = now,
            CreatedAt = now,
        });
    }

    private static void Apply(List<FieldChange> changes, string field, string? current, string? proposed, Action<string?> set)
    {
        var normalized = string.IsNullOrWhiteSpace(proposed) ? null : proposed.Trim();
        if (!string.Equals(current, normalized, StringComparison.Ordinal))
        {
            changes.Add(new FieldChange(field, current, normalized));
            set(normalized);
        }
    }
}
