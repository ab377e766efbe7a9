namespace ChorusAccount.Web.Models;

/// <summary>What a page may tell the layout through ViewData, so that the layout does not read it again.</summary>
public static class LayoutData
{
    /// <summary>A bool: whether « Activités du gestionnaire » is open to the user. Absent, the layout asks the database.</summary>
    public const string ManagesStructures = "chorus:manages-structures";
}
