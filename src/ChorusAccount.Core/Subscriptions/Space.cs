namespace ChorusAccount.Core.Subscriptions;

/// <summary>A Chorus Pro space (espace): reference data seeded by migration.</summary>
public sealed class Space
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string LabelFr { get; set; }
    public required string LabelEn { get; set; }

    /// <summary>Granted without validation when a membership becomes active.</summary>
    public bool IsDefault { get; set; }

    /// <summary>Only primary and secondary managers may hold it.</summary>
    public bool ManagersOnly { get; set; }

    public int SortOrder { get; set; }

    public string Label(bool english) => english ? LabelEn : LabelFr;
}
