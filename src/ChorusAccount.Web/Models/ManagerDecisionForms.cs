using ChorusAccount.Core.Data;
using ChorusAccount.Web.Controllers;

namespace ChorusAccount.Web.Models;

/// <summary>
/// One decision form of « Activités du gestionnaire » (membership requests, subscription requests): where it posts, the
/// fields its errors go to, the ids of its buttons.
/// </summary>
/// <param name="Action">The action of <see cref="ManagerController"/> it posts to.</param>
public sealed record DecisionForm(string Action, string SelectionField, string ReasonField, string ApproveId, string RefuseId)
{
    public static readonly DecisionForm Memberships =
        new(nameof(ManagerController.Decide), "RequestSelection", "Reason", "approve-requests", "refuse-requests");

    public static readonly DecisionForm Subscriptions =
        new(nameof(ManagerController.DecideSubscriptionRequests), "SubscriptionRequestSelection", "SubscriptionReason", "approve-subscriptions", "refuse-subscriptions");

    /// <summary>The refusal reason is emailed and stored: bounded like its column.</summary>
    public static int ReasonMaxLength => FieldLengths.Reason;
}
