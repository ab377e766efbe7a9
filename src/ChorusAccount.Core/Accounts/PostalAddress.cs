namespace ChorusAccount.Core.Accounts;

/// <summary>Professional postal address, stored in the user's row.</summary>
public sealed class PostalAddress
{
    public string? Line1 { get; set; }
    public string? Line2 { get; set; }
    public string? PostalCode { get; set; }
    public string? City { get; set; }

    /// <summary>ISO 3166-1 alpha-2.</summary>
    public string Country { get; set; } = "FR";

    public PostalAddress Copy() => new() { Line1 = Line1, Line2 = Line2, PostalCode = PostalCode, City = City, Country = Country };
}
