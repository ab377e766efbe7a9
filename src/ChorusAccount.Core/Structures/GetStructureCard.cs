using ChorusAccount.Core.Data;
using ChorusAccount.Core.Memberships;
using LinqKit;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Structures;

public sealed record ServiceRow(Guid Id, string Code, string Label, bool IsActive, DateOnly? StartDate, DateOnly? EndDate);

public sealed record StructureCard(
    Guid Id, string CompanyName, string? Label, StructureIdentifierType IdentifierType, string Identifier,
    string? AddressLine, string? PostalCode, string? City, IReadOnlyList<ServiceRow> Services);

/// <summary>
/// The fiche structure, read-only: for users attached to the whole structure and its managers
/// (<see cref="AccessRules.OpensStructureCard"/>, like the icon of the memberships table); anyone else gets nothing. <see cref="ForRequestAsync"/> serves the request form.
/// </summary>
public sealed class GetStructureCard(ChorusAccountDbContext db, TimeProvider clock)
{
    public async Task<StructureCard?> ExecuteAsync(Guid userId, Guid structureId, CancellationToken ct)
    {
        var opens = AccessRules.OpensStructureCard(ParisDate.Today(clock));
        var allowed = await db.Memberships.AnyAsync(m => m.UserId == userId && m.StructureId == structureId && opens.Invoke(m), ct);
        return allowed ? await LoadAsync(structureId, activeServicesOnly: false, ct) : null;
    }

    /// <summary>Any active structure with its active services: what the request form needs after a search.</summary>
    public Task<StructureCard?> ForRequestAsync(Guid structureId, CancellationToken ct) => LoadAsync(structureId, activeServicesOnly: true, ct);

    private Task<StructureCard?> LoadAsync(Guid structureId, bool activeServicesOnly, CancellationToken ct) =>
        db.Structures.AsNoTracking()
            .Where(s => s.Id == structureId && s.IsActive)
            .Select(s => new StructureCard(
                s.Id, s.CompanyName, s.Label, s.IdentifierType, s.Identifier, s.AddressLine, s.PostalCode, s.City,
                s.Services.Where(u => !activeServicesOnly || u.IsActive).OrderBy(u => u.Code)
                    .Select(u => new ServiceRow(u.Id, u.Code, u.Label, u.IsActive, u.StartDate, u.EndDate)).ToList()))
            .SingleOrDefaultAsync(ct);
}
