using ChorusAccount.Core.Data;
namespace ChorusAccount.Core.Structures;

/// <summary>A service of a structure (named so as not to clash with DI "services").</summary>
public sealed class ServiceUnit
{
    public Guid Id { get; set; } = NewId.Sequential();
    public Guid StructureId { get; set; }
    public Structure? Structure { get; set; }
    public required string Code { get; set; }
    public required string Label { get; set; }
    public bool IsActive { get; set; } = true;
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
}
