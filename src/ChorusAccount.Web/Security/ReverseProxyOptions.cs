using System.Net;

namespace ChorusAccount.Web.Security;

/// <summary>The `ReverseProxy` section: the TLS reverse proxies or load balancers whose `X-Forwarded-For` and
/// `X-Forwarded-Proto` headers the portal believes. Empty: loopback only (a proxy on the same machine).</summary>
public sealed class ReverseProxyOptions
{
    public const string Section = "ReverseProxy";

    /// <summary>Addresses of the proxies, e.g. `10.0.0.5`.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of the proxies in CIDR notation, e.g. `10.0.0.0/24`.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public bool IsValid() =>
        KnownProxies.All(p => IPAddress.TryParse(p, out _)) && KnownNetworks.All(n => IPNetwork.TryParse(n, out _));
}
