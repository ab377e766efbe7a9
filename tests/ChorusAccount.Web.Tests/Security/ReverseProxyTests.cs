using System.Net;
using ChorusAccount.Web.Tests.Infrastructure;

namespace ChorusAccount.Web.Tests.Security;

/// <summary>Behind a TLS reverse proxy: the portal speaks plain http and believes `X-Forwarded-Proto` from the proxies the
/// `ReverseProxy` section names, and from no one else.</summary>
public sealed class ReverseProxyTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("chorus-proxy-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Behind_a_known_proxy_the_portal_sees_https_sends_HSTS_and_gives_the_SSO_an_https_return_address()
    {
        await using var host = SecurityHosts.StartProduction(_folder, new Dictionary<string, string?> { ["ReverseProxy:KnownNetworks:0"] = "127.0.0.0/8" }, https: false);

        using var viaProxy = await ChallengeAsync(host, forwardedProto: "https");
        using var direct = await ChallengeAsync(host, forwardedProto: null);

        Assert.Contains("redirect_uri=" + Uri.EscapeDataString($"https://127.0.0.1:{host.BaseAddress.Port}/signin-oidc"), viaProxy.Headers.Location!.Query);
        Assert.True(viaProxy.Headers.Contains("Strict-Transport-Security"));
        Assert.Contains("redirect_uri=" + Uri.EscapeDataString($"http://127.0.0.1:{host.BaseAddress.Port}/signin-oidc"), direct.Headers.Location!.Query);
        Assert.False(direct.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task The_forwarded_scheme_of_an_unknown_proxy_is_ignored()
    {
        await using var host = SecurityHosts.StartProduction(_folder, new Dictionary<string, string?> { ["ReverseProxy:KnownProxies:0"] = "10.9.8.7" }, https: false);

        using var response = await ChallengeAsync(host, forwardedProto: "https");

        Assert.Contains("redirect_uri=" + Uri.EscapeDataString($"http://127.0.0.1:{host.BaseAddress.Port}/signin-oidc"), response.Headers.Location!.Query);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task A_malformed_proxy_network_stops_the_start()
    {
        var failure = await SecurityHosts.StartFailureAsync(db =>
            SecurityHosts.StartProduction(_folder, new Dictionary<string, string?> { ["ReverseProxy:KnownNetworks:0"] = "10.0.0.0/99" }, https: false, database: db));

        Assert.NotNull(failure);
        Assert.Contains("ReverseProxy: KnownProxies must be IP addresses", failure.ToString());
    }

    private static async Task<HttpResponseMessage> ChallengeAsync(PortalHost host, string? forwardedProto)
    {
        using var agent = host.NewAgent();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/mon-compte");
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
            request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        }

        var response = await agent.NoRedirect.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response;
    }
}
