using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Structures;

namespace ChorusAccount.Core.Madrhas;

/// <summary>What the reader yields for one data line of an extract: a <see cref="MadrhasValidRecord"/> or a <see cref="MadrhasRejection"/>.</summary>
/// <param name="LineNumber">Physical line (1-based) where the record starts.</param>
public abstract record MadrhasRecord(int LineNumber);

/// <summary>A valid line: one user, and optionally its membership of one structure.</summary>
public sealed record MadrhasValidRecord(
    int LineNumber,
    string Login,
    string? Civility,
    string LastName,
    string FirstName,
    string Email,
    string? AddressLine1,
    string? AddressLine2,
    string? PostalCode,
    string? City,
    string Country,
    UserStatus Status,
    MadrhasMembership? Membership) : MadrhasRecord(LineNumber);

/// <summary>The structure part of a line: the structure and the user's membership of it.</summary>
/// <param name="Identifier">For a SIRET, the 14 digits without spaces.</param>
/// <param name="ServiceCodes">Distinct service codes; empty means the whole structure.</param>
public sealed record MadrhasMembership(
    StructureIdentifierType IdentifierType,
    string Identifier,
    string CompanyName,
    MembershipRole Role,
    IReadOnlyList<string> ServiceCodes,
    DateOnly? StartDate,
    DateOnly? EndDate)
{
    public bool WholeStructure => ServiceCodes.Count == 0;
}

/// <summary>A line that cannot be applied, or (<paramref name="IsFileError"/>) a fault that stops the reading of the whole file.</summary>
/// <param name="Login">The identifiant as written on the line, when there is one.</param>
/// <param name="Reason">Why, in French, for the import report.</param>
public sealed record MadrhasRejection(int LineNumber, string? Login, string Reason, bool IsFileError = false) : MadrhasRecord(LineNumber);
