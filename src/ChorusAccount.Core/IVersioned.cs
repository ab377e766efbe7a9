namespace ChorusAccount.Core;

/// <summary>An entity guarded by an optimistic concurrency token, renewed on every save.</summary>
public interface IVersioned
{
    Guid Version { get; set; }
}
