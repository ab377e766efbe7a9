namespace ChorusAccount.Core.Structures;

/// <summary>Chorus Pro's codes of typeIdentifiantStructure.</summary>
public static class StructureIdentifierCodes
{
    private static readonly Dictionary<string, StructureIdentifierType> _codes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["SIRET"] = StructureIdentifierType.Siret,
        ["UE_HORS_FRANCE"] = StructureIdentifierType.UeHorsFrance,
        ["HORS_UE"] = StructureIdentifierType.HorsUe,
        ["RIDET"] = StructureIdentifierType.Ridet,
        ["TAHITI"] = StructureIdentifierType.Tahiti,
        ["EN_COURS_IMMATRICULATION"] = StructureIdentifierType.EnCoursImmatriculation,
        ["PARTICULIER"] = StructureIdentifierType.Particulier,
        ["AUTRE"] = StructureIdentifierType.Autre,
    };

    public static bool TryParse(string code, out StructureIdentifierType type) => _codes.TryGetValue(code.Trim(), out type);

    public static string ToCode(StructureIdentifierType type) => _codes.First(c => c.Value == type).Key;
}
