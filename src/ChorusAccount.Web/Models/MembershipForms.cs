using System.ComponentModel.DataAnnotations;
using System.Globalization;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Structures;

namespace ChorusAccount.Web.Models;

/// <summary>The search criteria of « Demander un rattachement », as typed (GET query).</summary>
public sealed class StructureSearchForm
{
    public string? CompanyName { get; set; }
    public string? Identifier { get; set; }
    public string? Label { get; set; }
    public string? PostalCode { get; set; }
    public string? City { get; set; }
    public string? IdentifierType { get; set; }
    public string? LastName { get; set; }
    public string? FirstName { get; set; }

    public StructureSearchCriteria ToCriteria() => new(
        CompanyName, Identifier, Label, PostalCode, City,
        Enum.TryParse<StructureIdentifierType>(IdentifierType, out var type) && Enum.IsDefined(type) ? type : null,
        LastName, FirstName);
}

/// <summary>The search page: criteria, the results when searched, and the structure ticked.</summary>
public sealed record StructureSearchPageModel(StructureSearchForm Search, StructureSearchPage? Results, Guid? Selected);

/// <summary>« Nature du rattachement »: dates as typed (yyyy-mm-dd from a date field), whole structure or services.</summary>
public sealed class MembershipRequestForm : IFluentValidatedForm
{
    public Guid StructureId { get; set; }
    [Required]
    public string? StartDate { get; set; }
    public string? EndDate { get; set; }
    public bool WholeStructure { get; set; }
    public List<Guid> ServiceIds { get; set; } = [];

    /// <summary>Drawn when the form is shown, posted back with it: the same form posted twice is one request.</summary>
    public Guid? RequestKey { get; set; }

    private static readonly string[] _formats = ["yyyy-MM-dd", "dd/MM/yyyy"];

    public static DateOnly? ParseDate(string? value) =>
        DateOnly.TryParseExact(value?.Trim(), _formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    public MembershipRequest ToRequest() =>
        new(StructureId, ParseDate(StartDate)!.Value, ParseDate(EndDate), WholeStructure, ServiceIds, RequestKey);
}

public sealed record MembershipRequestPage(StructureCard Structure, MembershipRequestForm Form);

public sealed record MembershipDetailsPage(MembershipRow Membership, StructureCard Structure);

public sealed record DeleteMembershipsPage(IReadOnlyList<MembershipToDelete> Memberships);
