namespace ChorusAccount.Core.Subscriptions;

/// <summary>One structure – service – space line held by a user (<see cref="SpaceLines"/>). A null service is the whole structure.</summary>
public sealed class SpaceLine
{
    public Guid UserId { get; init; }
    public Guid StructureId { get; init; }
    public Guid? ServiceUnitId { get; init; }
    public int SpaceId { get; init; }
    public SubscriptionMode Mode { get; init; }

    /// <summary>Granted by a membership in force, without validation.</summary>
    public bool IsDefault { get; init; }

    /// <summary>The stored request for a validated line; null for a default line.</summary>
    public Guid? SubscriptionId { get; init; }
}
