namespace ChorusAccount.Core.Memberships;

/// <summary>What a user asks for: a structure, validity dates, and the whole structure or some of its services.</summary>
/// <param name="RequestKey">The form's key (<see cref="Membership.RequestKey"/>); null when the caller has none.</param>
public sealed record MembershipRequest(Guid StructureId, DateOnly StartDate, DateOnly? EndDate, bool WholeStructure, IReadOnlyCollection<Guid> ServiceIds, Guid? RequestKey = null);

/// <summary>The part of a structure an existing active or pending membership already covers.</summary>
public sealed record MembershipScope(bool WholeStructure, IReadOnlyCollection<Guid> ServiceIds);

public enum MembershipRefusal
{
    StructureNotFound,
    EndNotAfterStart,
    NoScope,
    /// <summary>« Rattacher à la structure » and services both chosen: one or the other (guide, section 5).</summary>
    StructureAndServices,
    UnknownService,
    Duplicate,
}

/// <summary>The rules of a membership request, free of any storage.</summary>
public static class MembershipRules
{
    /// <summary>Null when the request may be sent to the structure's managers.</summary>
    public static MembershipRefusal? Check(MembershipRequest request, IReadOnlySet<Guid> activeServiceIds, IEnumerable<MembershipScope> existing)
    {
        if (request.EndDate is { } end && end <= request.StartDate)
        {
            return MembershipRefusal.EndNotAfterStart;
        }

        if (ScopeRefusal(request.WholeStructure, request.ServiceIds) is { } scope)
        {
            return scope;
        }

        if (!request.WholeStructure && !request.ServiceIds.All(activeServiceIds.Contains))
        {
            return MembershipRefusal.UnknownService;
        }

        return existing.Any(scope => Duplicates(request, scope)) ? MembershipRefusal.Duplicate : null;
    }

    /// <summary>What a request covers is one exclusive choice: the whole structure, or one or more of its services.</summary>
    public static MembershipRefusal? ScopeRefusal(bool wholeStructure, IReadOnlyCollection<Guid> serviceIds) =>
        (wholeStructure, serviceIds.Count) switch
        {
            (false, 0) => MembershipRefusal.NoScope,
            (true, > 0) => MembershipRefusal.StructureAndServices,
            _ => null,
        };

    /// <summary>
    /// A request duplicates a membership that already covers what it asks: the whole structure covers everything,
    /// a service already held is not asked twice. Asking for the whole structure while holding some services is an extension.
    /// </summary>
    public static bool Duplicates(MembershipRequest request, MembershipScope existing) =>
        existing.WholeStructure
        || (!request.WholeStructure && request.ServiceIds.Any(existing.ServiceIds.Contains));
}
