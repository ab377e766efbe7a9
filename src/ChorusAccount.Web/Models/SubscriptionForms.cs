using System.ComponentModel.DataAnnotations;
using ChorusAccount.Core.Subscriptions;

namespace ChorusAccount.Web.Models;

/// <summary>« Ajouter un abonnement », as posted: the structure – service pair chosen first, then the space and the mode.</summary>
public sealed class SubscriptionRequestForm : IFluentValidatedForm
{
    public Guid StructureId { get; set; }

    /// <summary>Empty: the whole structure.</summary>
    public Guid? ServiceUnitId { get; set; }

    [Required]
    public string? SpaceId { get; set; }
    [Required]
    public string? Mode { get; set; }

    public static SubscriptionMode? ParseMode(string? value) =>
        Enum.TryParse<SubscriptionMode>(value, ignoreCase: false, out var mode) && Enum.IsDefined(mode) && !int.TryParse(value, out _) ? mode : null;

    public static int? ParseSpace(string? value) => int.TryParse(value, out var id) ? id : null;

    public SubscriptionRequest ToRequest() => new(StructureId, ServiceUnitId, ParseSpace(SpaceId)!.Value, ParseMode(Mode)!.Value);
}

/// <summary>
/// The request page: the structures of the user's active memberships (with their services), the pair chosen, and, once
/// the pair is valid, the spaces it offers with the space – mode form.
/// </summary>
public sealed record SubscriptionRequestPage(
    IReadOnlyList<StructureChoice> Structures, [property: Required] Guid? StructureId, Guid? ServiceUnitId, IReadOnlyList<Space>? Spaces, SubscriptionRequestForm Form)
{
    public StructureChoice? Structure => Structures.FirstOrDefault(s => s.Id == StructureId);

    public string? ServiceLabel => Structure?.Services.FirstOrDefault(s => s.Id == ServiceUnitId)?.Label;
}

/// <summary>« Supprimer abonnements »: the ticked lines, and the confirmation box.</summary>
public sealed record DeleteSubscriptionsPage(IReadOnlyList<SubscriptionRow> Lines);
