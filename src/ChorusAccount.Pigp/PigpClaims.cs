using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ChorusAccount.Pigp;

/// <summary>AgentConnect-style scopes and claims issued by the PIGP.</summary>
internal static class PigpClaims
{
    public const string Uid = "uid";
    public const string GivenName = "given_name";
    public const string UsualName = "usual_name";
    public const string Email = "email";
    public const string Siret = "siret";

    /// <summary>Scopes a client may request (besides openid).</summary>
    public static readonly string[] Scopes = [OpenIddictConstants.Scopes.Profile, OpenIddictConstants.Scopes.Email, Uid, Siret, GivenName, UsualName];

    /// <summary>Claims returned in the identity token and by userinfo.</summary>
    public static readonly string[] Returned = [Uid, GivenName, UsualName, Email, Siret];

    /// <summary>Pairwise subject: base64url(SHA-256(clientId + ":" + uid)), so it differs for each client.</summary>
    public static string PairwiseSubject(string clientId, string uid)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(clientId + ":" + uid));
        return Base64Url.EncodeToString(hash);
    }

    public static ClaimsIdentity CreateIdentity(string clientId, PigpIdentity agent, IEnumerable<string> requestedScopes)
    {
        var scopes = requestedScopes.Where(s => s == OpenIddictConstants.Scopes.OpenId || Scopes.Contains(s, StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        bool Has(params string[] any) => any.Any(s => scopes.Contains(s, StringComparer.Ordinal));

        var identity = new ClaimsIdentity(
            authenticationType: "Pigp",
            nameType: Claims.Name,
            roleType: Claims.Role);

        identity.SetClaim(Claims.Subject, PairwiseSubject(clientId, agent.Uid));
        // uid is the reconciliation key of the relying parties (sub is pairwise): always issued.
        identity.SetClaim(Uid, agent.Uid);
        if (Has(OpenIddictConstants.Scopes.Profile, GivenName))
        {
            identity.SetClaim(GivenName, agent.GivenName);
        }

        if (Has(OpenIddictConstants.Scopes.Profile, UsualName))
        {
            identity.SetClaim(UsualName, agent.UsualName);
        }

        if (Has(OpenIddictConstants.Scopes.Email))
        {
            identity.SetClaim(Email, agent.Email);
        }

        if (agent.Siret is not null && Has(OpenIddictConstants.Scopes.Profile, Siret))
        {
            identity.SetClaim(Siret, agent.Siret);
        }

        identity.SetScopes(scopes);
        // Every claim goes to the identity token and to the access token (read back by the userinfo endpoint).
        identity.SetDestinations(static _ => [Destinations.IdentityToken, Destinations.AccessToken]);
        return identity;
    }
}
