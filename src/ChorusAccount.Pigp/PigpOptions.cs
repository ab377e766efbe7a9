namespace ChorusAccount.Pigp;

/// <summary>
/// Settings of the PIGP stand-in (the DGFiP portal that agents come from, acting as OpenID Connect provider).
/// </summary>
public sealed class PigpOptions
{
    /// <summary>Kestrel listen URL(s), separated by ';'. Port 0 picks a free port (see <see cref="PigpServer.BaseAddress"/>).</summary>
    public string Urls { get; set; } = "http://127.0.0.1:5100";

    /// <summary>Target of the « Demat. des factures » button on the PIGP home screen.</summary>
    public string PortalUrl { get; set; } = "http://localhost:5000/";

    /// <summary>Relying parties (confidential clients, authorization code + PKCE S256).</summary>
    public List<PigpClient> Clients { get; set; } = [];

    /// <summary>Agents that can sign in at the PIGP. When empty, <see cref="PigpIdentities.Demo"/> is used.</summary>
    public List<PigpIdentity> Identities { get; set; } = [];

    /// <summary>
    /// Where an agent that is not among <see cref="Identities"/> is looked up by its uid (trimmed): the embedded stand-in
    /// asks the portal's own users, so that every agent of every extract imported can sign in. Null: the list only.
    /// </summary>
    public Func<string, CancellationToken, Task<PigpIdentity?>>? FindIdentity { get; set; }
}

/// <summary>A relying party of the PIGP.</summary>
public sealed record PigpClient(
    string ClientId,
    string ClientSecret,
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> PostLogoutRedirectUris);

/// <summary>An agent known to the PIGP (MADRHAS directory stand-in).</summary>
public sealed record PigpIdentity(string Uid, string GivenName, string UsualName, string Email, string? Siret);
