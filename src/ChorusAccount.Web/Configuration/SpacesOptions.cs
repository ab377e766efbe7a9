using ChorusAccount.Core.Subscriptions;
using Microsoft.Extensions.Options;

namespace ChorusAccount.Web.Configuration;

/// <summary>
/// The `Spaces` section: where each space opens. The home page shows a tile per space the user holds; « Mon compte »
/// and « Activités du gestionnaire » are this portal's own pages, every other space is another application (the invoice
/// module) at the address set here, by space code (`Spaces:Urls:FACTURES_EMISES`). A space without an address is shown
/// as a tile without a link.
/// </summary>
public sealed class SpacesOptions
{
    public const string Section = "Spaces";

    /// <summary>The spaces that are pages of this portal: an address set for them would never be used.</summary>
    public static readonly IReadOnlySet<string> PortalSpaces = new HashSet<string>(StringComparer.Ordinal) { SpaceCatalog.MyAccount, SpaceCatalog.ManagerActivities };

    /// <summary>By space code: an absolute http(s) address, or a path of this portal (starting with one « / », the demo's);
    /// an empty value is no address.</summary>
    public Dictionary<string, string> Urls { get; set; } = [];

    /// <summary>The address of a space, or null when none is set.</summary>
    public string? UrlOf(string code) => Urls.TryGetValue(code, out var url) && !string.IsNullOrWhiteSpace(url) ? url : null;

    /// <summary>Whether the value is an address the tiles may link to.</summary>
    public static bool IsValidUrl(string? value) =>
        value is not null
        // A path first: on Unix, « /x » is also an absolute file:// address.
        && (value.StartsWith('/')
            ? !value.StartsWith("//", StringComparison.Ordinal) && !value.Contains('\\') && Uri.IsWellFormedUriString(value, UriKind.Relative)
            : Uri.TryCreate(value, UriKind.Absolute, out var uri)
                && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && !string.IsNullOrEmpty(uri.Host));
}

/// <summary>Checks `Spaces:Urls` at start-up: a catalogue code other than the portal's own spaces, and a usable address.</summary>
public sealed class SpacesOptionsValidator : IValidateOptions<SpacesOptions>
{
    public ValidateOptionsResult Validate(string? name, SpacesOptions options)
    {
        var failures = new List<string>();
        foreach (var (code, url) in options.Urls)
        {
            if (!SpaceCatalog.ByCode.ContainsKey(code))
            {
                failures.Add($"Spaces:Urls:{code}: no space has this code (the codes: {string.Join(", ", SpaceCatalog.All.Select(s => s.Code))}).");
            }
            else if (SpacesOptions.PortalSpaces.Contains(code))
            {
                failures.Add($"Spaces:Urls:{code}: this space is a page of the portal itself; remove the setting.");
            }
            else if (!string.IsNullOrWhiteSpace(url) && !SpacesOptions.IsValidUrl(url))
            {
                failures.Add($"Spaces:Urls:{code}: « {url} » is not an absolute http(s) address nor a path of the portal.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
