namespace ChorusAccount.Core.Documents;

/// <summary>Type of pièce jointe (the drop-down): reference data seeded by migration.</summary>
public sealed class DocumentType
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string LabelFr { get; set; }
    public required string LabelEn { get; set; }
    public int SortOrder { get; set; }

    public string Label(bool english) => english ? LabelEn : LabelFr;

    public static IReadOnlyList<DocumentType> Seed { get; } =
    [
        new() { Id = 1, Code = "PIECE_JUSTIFICATIVE", LabelFr = "Pièce justificative", LabelEn = "Supporting document", SortOrder = 1 },
        new() { Id = 2, Code = "CARTE_GRISE", LabelFr = "Carte grise", LabelEn = "Vehicle registration", SortOrder = 2 },
        new() { Id = 3, Code = "PRESENTATION", LabelFr = "Présentation / brochure", LabelEn = "Presentation / brochure", SortOrder = 3 },
        new() { Id = 4, Code = "ATTESTATION", LabelFr = "Attestation", LabelEn = "Certificate", SortOrder = 4 },
        new() { Id = 5, Code = "RIB", LabelFr = "Relevé d'identité bancaire", LabelEn = "Bank details", SortOrder = 5 },
        new() { Id = 6, Code = "BON_COMMANDE_CONTRAT", LabelFr = "Bon de commande / contrat", LabelEn = "Purchase order / contract", SortOrder = 6 },
        new() { Id = 7, Code = "AUTRE", LabelFr = "Autre", LabelEn = "Other", SortOrder = 7 },
    ];

    /// <summary>The drop-down of document types, in their reference order. The seed is the table's content in every
    /// database (HasData, changed by migrations only): pages read it from here, not from the database.</summary>
    public static IReadOnlyList<DocumentType> InOrder { get; } = [.. Seed.OrderBy(t => t.SortOrder)];
}
