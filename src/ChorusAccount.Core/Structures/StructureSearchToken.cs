namespace ChorusAccount.Core.Structures;

/// <summary>
/// One searchable value of an active structure: a folded word of a text field, its postal code or its identifier
/// type. Every criterion but the identifier is an index range of this table, and the structure's raison sociale
/// is copied here so that the matches of a criterion come out in page order without reading the structures.
/// Kept by <see cref="StructureSearchTokens"/>; an inactive structure has none, so the search never finds it.
/// </summary>
public sealed class StructureSearchToken
{
    public Guid StructureId { get; set; }
    public StructureSearchField Field { get; set; }

    /// <summary>A word (lower case, no accent, letters and digits only: <see cref="StructureSearchTokens.Words"/>), the postal code or the type's code.</summary>
    public required string Token { get; set; }

    /// <summary>The structure's raison sociale: the page order.</summary>
    public required string CompanyName { get; set; }
}

/// <summary>The criteria of the structure search read from <see cref="StructureSearchToken"/> (all but the identifier).</summary>
public enum StructureSearchField
{
    CompanyName = 1,
    Label = 2,
    City = 3,
    LastName = 4,
    FirstName = 5,
    PostalCode = 6,
    IdentifierType = 7,
}
