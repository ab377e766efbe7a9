using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Memberships;

namespace ChorusAccount.Web.Models;

/// <summary>A tile of the home page: a space the user holds, and where it opens (null: no address is set for it).</summary>
public sealed record SpaceTile(string Code, string LabelFr, string LabelEn, string? Href)
{
    public string Label(bool english) => english ? LabelEn : LabelFr;
}

/// <param name="ToDecide">The requests waiting for this manager's decision; null for a user who manages no structure.</param>
public sealed record HomePage(
    IReadOnlyList<MembershipRow> Memberships, IReadOnlyList<SpaceTile> Tiles, OwnPendingRequests OwnPending, RequestsToDecide? ToDecide);
