namespace ChorusAccount.Core.Subscriptions;

/// <summary>The spaces seeded in every database; codes are stable identifiers.</summary>
public static class SpaceCatalog
{
    public const string MyAccount = "MON_COMPTE";
    public const string InvoicesSent = "FACTURES_EMISES";
    public const string InvoicesReceived = "FACTURES_RECUES";
    public const string ManagerActivities = "ACTIVITES_GESTIONNAIRE";

    public static IReadOnlyList<Space> All { get; } =
    [
        new() { Id = 1, Code = MyAccount, LabelFr = "Mon compte", LabelEn = "My account", IsDefault = true, SortOrder = 1 },
        new() { Id = 2, Code = InvoicesSent, LabelFr = "Factures émises", LabelEn = "Invoices sent", IsDefault = true, SortOrder = 2 },
        new() { Id = 3, Code = InvoicesReceived, LabelFr = "Factures reçues", LabelEn = "Invoices received", IsDefault = true, SortOrder = 3 },
        new() { Id = 4, Code = ManagerActivities, LabelFr = "Activités du gestionnaire", LabelEn = "Manager activities", IsDefault = true, ManagersOnly = true, SortOrder = 4 },
        new() { Id = 5, Code = "SOLLICITATIONS_EMISES", LabelFr = "Sollicitations émises", LabelEn = "Requests sent", SortOrder = 5 },
        new() { Id = 6, Code = "SOLLICITATIONS_RECUES", LabelFr = "Sollicitations reçues", LabelEn = "Requests received", SortOrder = 6 },
        new() { Id = 7, Code = "FACTURES_TRAVAUX", LabelFr = "Factures de travaux", LabelEn = "Works invoices", SortOrder = 7 },
        new() { Id = 8, Code = "FACTURES_A_VALIDER", LabelFr = "Factures à valider", LabelEn = "Invoices to approve", SortOrder = 8 },
        new() { Id = 9, Code = "ENGAGEMENTS_JURIDIQUES", LabelFr = "Engagements juridiques", LabelEn = "Legal commitments", SortOrder = 9 },
        new() { Id = 10, Code = "MEMOIRES_FRAIS_JUSTICE", LabelFr = "Mémoires de frais de justice", LabelEn = "Court fee statements", SortOrder = 10 },
    ];

    /// <summary>The spaces by id. The seed is the table's content in every database (HasData, changed by migrations
    /// only): pages read labels and order from here, not from the database.</summary>
    public static IReadOnlyDictionary<int, Space> ById { get; } = All.ToDictionary(s => s.Id);

    /// <summary>The spaces by code.</summary>
    public static IReadOnlyDictionary<string, Space> ByCode { get; } = All.ToDictionary(s => s.Code, StringComparer.Ordinal);

    /// <summary>The seeded id of a space code.</summary>
    public static int IdOf(string code) => ByCode[code].Id;
}
