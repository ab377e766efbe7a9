using System.ComponentModel.DataAnnotations;

namespace ChorusAccount.Web.Configuration;

/// <summary>The `Notifications` section: the invoice events endpoint's keys and the portal address written in digests.</summary>
public sealed class NotificationsOptions
{
    public const string Section = "Notifications";

    /// <summary>Keys the invoice module may present (`X-Api-Key`); several at once allow a rotation. Empty: every call is refused.</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>The portal's public address, for the links of the digest.</summary>
    [Required(ErrorMessage = "Notifications:PortalBaseUrl is required: the portal's public address (https://…/).")]
    [Url(ErrorMessage = "Notifications:PortalBaseUrl is not an absolute http(s) address: give the portal's public address (https://…/).")]
    public string PortalBaseUrl { get; set; } = "http://localhost:5000/";

    /// <summary>Most events in one request.</summary>
    [Range(1, 10_000)]
    public int MaxEventsPerRequest { get; set; } = 1_000;
}
