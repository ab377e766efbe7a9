using System.Security.Claims;

namespace ChorusAccount.Web.Authentication;

/// <summary>The claims of the portal's own session cookie (built from the account, not from the SSO token).</summary>
public static class PortalClaims
{
    /// <summary>The user's id (<c>Users.Id</c>), as the session's subject: <c>sub</c> is the claim the antiforgery tokens
    /// are bound to (ASP.NET Core's claim uid, which otherwise hashes every claim), so that a form open in one tab stays
    /// valid when the profile saved in another renews the session's other claims. Not the PIGP's <c>sub</c>: the session
    /// is built from the account (<see cref="PortalPrincipalFactory"/>), and users are matched on <c>uid</c>.</summary>
    public const string UserId = "sub";
    public const string Login = "chorus:login";
    public const string DisplayName = "chorus:display_name";
    public const string Language = "chorus:lang";
    public const string SecurityStamp = "chorus:stamp";
    public const string ProfileValidated = "chorus:profile_validated";

    /// <summary>« Activités du gestionnaire » is open to the user (<see cref="Core.Memberships.StructureManagers"/>), as of the last read of the account.</summary>
    public const string Manager = "chorus:manages_structures";

    public static Guid GetUserId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(UserId), out var id) ? id : throw new InvalidOperationException("No signed-in user.");

    public static string GetLogin(this ClaimsPrincipal principal) => principal.FindFirstValue(Login) ?? "";

    public static bool HasValidatedProfile(this ClaimsPrincipal principal) => principal.FindFirstValue(ProfileValidated) == "true";

    public static bool ManagesStructures(this ClaimsPrincipal principal) => principal.FindFirstValue(Manager) == "true";
}
