namespace ChorusAccount.Web.Models;

/// <summary>
/// One decision form of « Activités du gestionnaire » (membership requests, subscription requests): where it posts, the
/// fields its errors go to, the ids of its buttons.
/// </summary>
public sealed record DecisionForm(string Action, string SelectionField, string ReasonField, string ApproveId, string RefuseId)
{
    public static readonly DecisionForm Memberships =
        new("/activites-gestionnaire/decisions", "RequestSelection", "Reason", "approve-requests", "refuse-requests");

    public static readonly DecisionForm Subscriptions =
        new("/activites-gestionnaire/abonnements/decisions", "SubscriptionRequestSelection", "SubscriptionReason", "approve-subscriptions", "refuse-subscriptions");
}
