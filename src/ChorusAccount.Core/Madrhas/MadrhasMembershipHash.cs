using System.Globalization;

namespace ChorusAccount.Core.Madrhas;

/// <summary>
/// The hash of what a record says about one membership, normalised: the structure (type and identifier), the role, the
/// service codes in ordinal order, and the dates as written (an absent start stays absent). Stored on the membership
/// (<c>Membership.MadrhasRecordHash</c>) when the record is applied; the raison sociale is left out, as it only names a
/// structure when the import creates it.
/// </summary>
internal static class MadrhasMembershipHash
{
    public static long Of(MadrhasMembership link)
    {
        var codes = link.ServiceCodes.Order(StringComparer.Ordinal);
        return MadrhasUserHash.Hash(
        [
            link.IdentifierType.ToString(), link.Identifier, link.Role.ToString(), string.Join(',', codes),
            link.StartDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), link.EndDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ]);
    }
}
