using ChorusAccount.Core.Data;
using ChorusAccount.Core.Memberships;

namespace ChorusAccount.Core.Accounts;

/// <summary>An agent's account, created from MADRHAS and keyed by its login identifier.</summary>
public sealed class User : IVersioned
{
    public Guid Id { get; set; } = NewId.Sequential();

    /// <summary>MADRHAS login identifier (`uid` at sign-in). Never editable in the portal.</summary>
    public required string Login { get; set; }

    public string? Civility { get; set; }
    public required string LastName { get; set; }
    public required string FirstName { get; set; }

    /// <summary>Contact email: notifications are sent there.</summary>
    public required string ContactEmail { get; set; }

    public PostalAddress Address { get; set; } = new();

    /// <summary>Madrhas keeps the professional email it sent even after the user edits the contact one.</summary>
    public string? MadrhasEmail { get; set; }

    /// <summary>Hash of the MADRHAS user columns last applied (<see cref="Madrhas.MadrhasUserHash"/>): an unchanged line is recognised by this one value.</summary>
    public long? MadrhasRecordHash { get; set; }

    public UserLanguage Language { get; set; } = UserLanguage.French;
    public bool ReceiveNotifications { get; set; } = true;
    public UserStatus Status { get; set; } = UserStatus.Active;

    /// <summary>Null until the user checked and validated its profile at first sign-in.</summary>
    public DateTime? ProfileValidatedAt { get; set; }

    /// <summary>Changes whenever sessions must be revoked (deactivation).</summary>
    public string SecurityStamp { get; set; } = NewId.Random().ToString("N");

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? LastSignInAt { get; set; }
    public DateTime? LastDigestAt { get; set; }

    public Guid Version { get; set; } = NewId.Random();

    public List<Membership> Memberships { get; set; } = [];

    public bool IsActive => Status == UserStatus.Active;
    public bool MustCompleteProfile => ProfileValidatedAt is null;
    public string DisplayName => DisplayNameOf(FirstName, LastName);

    /// <summary>How a user is named to others (« Camille TESTEUR »), from the two names read without the whole row.</summary>
    public static string DisplayNameOf(string firstName, string lastName) => $"{firstName} {lastName.ToUpperInvariant()}";

    public void Deactivate()
    {
        Status = UserStatus.Inactive;
        SecurityStamp = NewId.Random().ToString("N");
    }

    public void Reactivate() => Status = UserStatus.Active;
}

public enum UserStatus
{
    Active = 1,
    Inactive = 2,
}

public enum UserLanguage
{
    French = 1,
    English = 2,
}
