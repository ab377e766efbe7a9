using ChorusAccount.Core.Accounts;

namespace ChorusAccount.Web.Models;

/// <summary>The personal information form: « Compléter les informations de son compte » and the first block of « Mon compte ».</summary>
public sealed class ProfileForm
{
    public Guid Version { get; set; }
    public string? Civility { get; set; }
    public string? LastName { get; set; }
    public string? FirstName { get; set; }
    public string? ContactEmail { get; set; }
    public string? AddressLine1 { get; set; }
    public string? AddressLine2 { get; set; }
    public string? PostalCode { get; set; }
    public string? City { get; set; }
    public string? Country { get; set; } = "FR";

    /// <summary>« fr » or « en ».</summary>
    public string? Language { get; set; } = "fr";

    public bool ReceiveNotifications { get; set; }

    public static ProfileForm From(User user) => new()
    {
        Version = user.Version,
        Civility = user.Civility,
        LastName = user.LastName,
        FirstName = user.FirstName,
        ContactEmail = user.ContactEmail,
        AddressLine1 = user.Address.Line1,
        AddressLine2 = user.Address.Line2,
        PostalCode = user.Address.PostalCode,
        City = user.Address.City,
        Country = user.Address.Country,
        Language = user.Language == UserLanguage.English ? "en" : "fr",
        ReceiveNotifications = user.ReceiveNotifications,
    };

    public PersonalInformation ToPersonalInformation() => new(
        Civility,
        LastName!,
        FirstName!,
        ContactEmail!,
        new PostalAddress
        {
            Line1 = AddressLine1,
            Line2 = AddressLine2,
            PostalCode = PostalCode,
            City = City,
            Country = Country?.Trim().ToUpperInvariant() ?? "FR",
        });

    public AccountParameters ToParameters() => new(Language == "en" ? UserLanguage.English : UserLanguage.French, ReceiveNotifications);
}
