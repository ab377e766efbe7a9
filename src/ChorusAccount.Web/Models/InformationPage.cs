using ChorusAccount.Web.Configuration;
using ChorusAccount.Web.Security;

namespace ChorusAccount.Web.Models;

/// <summary>What the footer's public pages show: the settings about the body that runs the portal, the session
/// lifetimes, and the cookies the portal sets.</summary>
public sealed record InformationPage(InformationOptions Information, PortalSessionOptions Session, IReadOnlyList<PortalCookie> Cookies);
