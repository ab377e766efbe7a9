namespace ChorusAccount.Pigp;

/// <summary>Demo MADRHAS identities used when <see cref="PigpOptions.Identities"/> is empty.</summary>
public static class PigpIdentities
{
    /// <summary>Three demo agents; the last one has no SIRET.</summary>
    public static IReadOnlyList<PigpIdentity> Demo { get; } =
    [
        new("marie.durand", "Marie", "Durand", "marie.durand@dgfip.finances.gouv.fr", "11000201100010"),
        new("jean.martin", "Jean", "Martin", "jean.martin@dgfip.finances.gouv.fr", "13000507000011"),
        new("sophie.bernard", "Sophie", "Bernard", "sophie.bernard@dgfip.finances.gouv.fr", null),
    ];
}
