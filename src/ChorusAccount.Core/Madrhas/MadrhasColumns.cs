namespace ChorusAccount.Core.Madrhas;

/// <summary>Column names of a MADRHAS extract (docs: MADRHAS-FORMAT.md), matched by name in any order.</summary>
public static class MadrhasColumns
{
    public const string Login = "identifiant";
    public const string Civility = "civilite";
    public const string LastName = "nom";
    public const string FirstName = "prenom";
    public const string Email = "email";
    public const string AddressLine1 = "adresse_ligne1";
    public const string AddressLine2 = "adresse_ligne2";
    public const string PostalCode = "code_postal";
    public const string City = "ville";
    public const string Country = "pays";
    public const string Status = "statut";
    public const string StructureIdentifierType = "structure_type_identifiant";
    public const string StructureIdentifier = "structure_identifiant";
    public const string StructureCompanyName = "structure_raison_sociale";
    public const string Role = "role";
    public const string Services = "services";
    public const string StartDate = "date_debut";
    public const string EndDate = "date_fin";

    /// <summary>Columns every header must hold.</summary>
    public static IReadOnlyList<string> Required { get; } = [Login, LastName, FirstName, Email, Status];

    /// <summary>Columns describing the structure of a line: a header holds all of them or none.</summary>
    public static IReadOnlyList<string> StructureGroup { get; } = [StructureIdentifierType, StructureIdentifier, StructureCompanyName, Role];

    /// <summary>All the columns of the contract, in the order of its documentation.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Login, Civility, LastName, FirstName, Email, AddressLine1, AddressLine2, PostalCode, City, Country, Status,
        StructureIdentifierType, StructureIdentifier, StructureCompanyName, Role, Services, StartDate, EndDate,
    ];
}
