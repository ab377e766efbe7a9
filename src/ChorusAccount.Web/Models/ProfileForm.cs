using System.ComponentModel.DataAnnotations;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Data;

namespace ChorusAccount.Web.Models;

/// <summary>The personal information form: « Compléter les informations de son compte » and the first block of « Mon compte ».</summary>
public sealed class ProfileForm : IFluentValidatedForm
{
    public Guid Version { get; set; }
    public string? Civility { get; set; }
    [Required]
    [StringLength(FieldLengths.Name)]
    public string? LastName { get; set; }
    [Required]
    [StringLength(FieldLengths.Name)]
    public string? FirstName { get; set; }
    [Required]
    [StringLength(FieldLengths.Email)]
    public string? ContactEmail { get; set; }
    [StringLength(FieldLengths.AddressLine)]
    public string? AddressLine1 { get; set; }
    [StringLength(FieldLengths.AddressLine)]
    public string? AddressLine2 { get; set; }
    [StringLength(FieldLengths.PostalCode)]
    public string? PostalCode { get; set; }
    [StringLength(FieldLengths.City)]
    public string? City { get; set; }
    /// <summary>ISO 3166-1 alpha-2.</summary>
    [StringLength(2)]
    public string? Country { get; set; } = "FR";

    /// <summary>The languages offered, each named in itself.</summary>
    public static readonly IReadOnlyList<TagHelpers.FrChoice> Languages = [new("fr", "Français", Lang: "fr"), new("en", "English", Lang: "en")];

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
