using ChorusAccount.Core.Data;
namespace ChorusAccount.Core.Structures;

/// <summary>A public body or company known to Chorus Pro (fiche structure).</summary>
public sealed class Structure
{
    public Guid Id { get; set; } = NewId.Sequential();
    public StructureIdentifierType IdentifierType { get; set; } = StructureIdentifierType.Siret;
    public required string Identifier { get; set; }

    /// <summary>Raison sociale.</summary>
    public required string CompanyName { get; set; }

    /// <summary>Libellé de la structure.</summary>
    public string? Label { get; set; }

    /// <summary>Nom and prénom, for identifiers that are not a SIRET (e.g. Particulier).</summary>
    public string? LastName { get; set; }
    public string? FirstName { get; set; }

    /// <summary>Street line of the postal address, shown on the fiche structure.</summary>
    public string? AddressLine { get; set; }

    public string? PostalCode { get; set; }
    public string? City { get; set; }

    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }

    public List<ServiceUnit> Services { get; set; } = [];
}

/// <summary>Chorus Pro's typeIdentifiantStructure.</summary>
public enum StructureIdentifierType
{
    Siret = 1,
    UeHorsFrance = 2,
    HorsUe = 3,
    Ridet = 4,
    Tahiti = 5,
    EnCoursImmatriculation = 6,
    Particulier = 7,
    Autre = 8,
}
