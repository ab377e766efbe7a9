using ChorusAccount.Core.Data;
namespace ChorusAccount.Core.Auditing;

/// <summary>One change to a user's data: who, when, what, and each field's old → new value.</summary>
public sealed class AuditEntry
{
    public Guid Id { get; set; } = NewId.Sequential();

    /// <summary>The user whose data changed.</summary>
    public Guid UserId { get; set; }

    /// <summary>Login of whoever made the change (the user, a manager, or "MADRHAS").</summary>
    public required string Actor { get; set; }

    public DateTime At { get; set; }
    public required string Action { get; set; }
    public List<FieldChange> Changes { get; set; } = [];
}

/// <summary>A field's value before and after a change.</summary>
public sealed record FieldChange(string Field, string? OldValue, string? NewValue);
