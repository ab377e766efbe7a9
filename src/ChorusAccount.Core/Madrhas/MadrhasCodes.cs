using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Structures;

namespace ChorusAccount.Core.Madrhas;

/// <summary>The codes a MADRHAS extract uses for statuses, identifier types and roles.</summary>
public static class MadrhasCodes
{
    public const string MrCivility = "M.";
    public const string MrsCivility = "Mme";
    public const string DefaultCountry = "FR";

    private static readonly Dictionary<string, UserStatus> _statuses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ACTIF"] = UserStatus.Active,
        ["INACTIF"] = UserStatus.Inactive,
    };

    private static readonly Dictionary<string, MembershipRole> _roles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UTILISATEUR"] = MembershipRole.Member,
        ["GESTIONNAIRE_SECONDAIRE"] = MembershipRole.SecondaryManager,
        ["GESTIONNAIRE_PRINCIPAL"] = MembershipRole.PrimaryManager,
    };

    public static bool TryParseStatus(string code, out UserStatus status) => _statuses.TryGetValue(code, out status);

    public static bool TryParseIdentifierType(string code, out StructureIdentifierType type) => StructureIdentifierCodes.TryParse(code, out type);

    public static bool TryParseRole(string code, out MembershipRole role) => _roles.TryGetValue(code, out role);

    public static string ToCode(UserStatus status) => _statuses.First(p => p.Value == status).Key;

    public static string ToCode(StructureIdentifierType type) => StructureIdentifierCodes.ToCode(type);

    public static string ToCode(MembershipRole role) => _roles.First(p => p.Value == role).Key;
}
