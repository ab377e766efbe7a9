using System.Globalization;

namespace ChorusAccount.Pigp;

/// <summary>Runtime state shared by the endpoints (may change after start).</summary>
internal sealed class PigpState
{
    private static readonly CultureInfo _french = CultureInfo.GetCultureInfo("fr-FR");
    private string _portalUrl;
    private readonly Func<string, CancellationToken, Task<PigpIdentity?>>? _findIdentity;
    private IReadOnlyList<PigpIdentity> _identities;

    public PigpState(string portalUrl, IReadOnlyList<PigpIdentity> identities, Func<string, CancellationToken, Task<PigpIdentity?>>? findIdentity = null)
    {
        _portalUrl = ValidatePortalUrl(portalUrl);
        _identities = identities.DistinctBy(i => i.Uid, StringComparer.OrdinalIgnoreCase).ToArray();
        _findIdentity = findIdentity;
    }

    public IReadOnlyList<PigpIdentity> Identities => Volatile.Read(ref _identities);

    /// <summary>Adds or replaces an identity; readers see either the old list or the new one, never a half-built one.</summary>
    public void AddIdentity(PigpIdentity identity)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(identity.Uid);
        IReadOnlyList<PigpIdentity> current, updated;
        do
        {
            current = Identities;
            updated = current.Where(i => !string.Equals(i.Uid, identity.Uid, StringComparison.OrdinalIgnoreCase)).Append(identity).ToArray();
        }
        while (Interlocked.CompareExchange(ref _identities, updated, current) != current);
    }

    public string PortalUrl
    {
        get => Volatile.Read(ref _portalUrl);
        set => Volatile.Write(ref _portalUrl, ValidatePortalUrl(value));
    }

    /// <summary>The agent of this uid: one of <see cref="Identities"/>, else the one <see cref="PigpOptions.FindIdentity"/> knows.</summary>
    public async Task<PigpIdentity?> FindAsync(string? uid, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(uid))
        {
            return null;
        }

        var trimmed = uid.Trim();
        return Identities.FirstOrDefault(i => string.Equals(i.Uid, trimmed, StringComparison.OrdinalIgnoreCase))
            ?? (_findIdentity is null ? null : await _findIdentity(trimmed, ct));
    }

    /// <summary>« Prénom NOM ».</summary>
    public static string DisplayName(PigpIdentity identity) =>
        $"{identity.GivenName} {identity.UsualName.ToUpper(_french)}";

    private static string ValidatePortalUrl(string url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The portal URL must be an absolute http(s) URL: '{url}'.", nameof(url));
        }

        return url;
    }
}
