using ChorusAccount.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Subscriptions;

/// <summary>The spaces a structure – service pair offers: null with the refusal when the pair itself is not allowed.</summary>
public sealed record SpaceChoices(SubscriptionRefusal? Refusal, IReadOnlyList<Space> Spaces);

/// <summary>
/// The lists of « Ajouter un abonnement »: the structures of the user's active memberships with their services, then,
/// for one structure – service pair, the spaces the rules would accept (nothing held or pending, no « Mon compte »,
/// a withdrawn default space offered again).
/// </summary>
public sealed class GetSubscriptionChoices(ChorusAccountDbContext db, TimeProvider clock)
{
    public Task<IReadOnlyList<StructureChoice>> StructuresAsync(Guid userId, CancellationToken ct) =>
        RequesterState.StructuresAsync(db, userId, null, ParisDate.Today(clock), ct);

    public async Task<SpaceChoices> SpacesAsync(Guid userId, Guid structureId, Guid? serviceUnitId, CancellationToken ct)
    {
        var state = await RequesterState.LoadAsync(db, userId, structureId, ParisDate.Today(clock), ct);
        if (state is null)
        {
            return new(SubscriptionRefusal.NotAttached, []);
        }

        if (SubscriptionRules.CheckService(serviceUnitId, state.Memberships, state.Today, state.ActiveServiceIds) is { } refusal)
        {
            return new(refusal, []);
        }

        var spaces = SpaceCatalog.All.OrderBy(s => s.SortOrder);
        return new(null, [.. spaces.Where(s => state.Check(new SubscriptionRequest(structureId, serviceUnitId, s.Id, SubscriptionMode.Consultation), s).Refusal is null)]);
    }
}
