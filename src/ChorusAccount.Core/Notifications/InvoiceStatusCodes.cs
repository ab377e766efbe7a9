namespace ChorusAccount.Core.Notifications;

/// <summary>Chorus Pro invoice lifecycle statuses (`statut`), in the order of the main path, then problems and exits.</summary>
public static class InvoiceStatusCodes
{
    public const string Rejected = "REJETEE";
    public const string Suspended = "SUSPENDUE";

    public static IReadOnlyList<string> All { get; } =
    [
        "DEPOSEE", "EN_COURS_ACHEMINEMENT", "MISE_A_DISPOSITION", "SERVICE_FAIT", "MANDATEE", "MISE_A_DISPOSITION_COMPTABLE",
        "COMPTABILISEE", "MISE_EN_PAIEMENT", "A_RECYCLER", Suspended, "COMPLETEE", Rejected, "ABANDONNEE", "SUPPRIMEE",
    ];

    private static readonly Dictionary<string, int> _order = All.Select((code, i) => (code, i)).ToDictionary(x => x.code, x => x.i, StringComparer.Ordinal);

    public static bool IsKnown(string? code) => code is not null && _order.ContainsKey(code);

    /// <summary>Chorus Pro requires a reason for these two.</summary>
    public static bool RequiresReason(string? code) => code is Rejected or Suspended;

    /// <summary>Position in <see cref="All"/>: the order in which a digest lists the statuses.</summary>
    public static int Order(string? code) => code is not null && _order.TryGetValue(code, out var i) ? i : int.MaxValue;
}
