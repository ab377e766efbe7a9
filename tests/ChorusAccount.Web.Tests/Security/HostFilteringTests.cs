using System.Net;
using ChorusAccount.Web.Tests.Infrastructure;

namespace ChorusAccount.Web.Tests.Security;

/// <summary>Outside Development, without an explicit `AllowedHosts`, the portal answers only requests naming the host of its
/// public address (`Notifications:PortalBaseUrl`): another `Host` header gets 400 before any link is built from it.</summary>
public sealed class HostFilteringTests : IAsyncLifetime
{
    private const string PublicHost = "chorus-pro.example";
    private readonly string _folder = Directory.CreateTempSubdirectory("chorus-hosts-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task In_production_another_host_gets_400_and_the_public_one_is_answered()
    {
        // SecurityHosts sets AllowedHosts for the loopback address its tests call; here it is left unset, as shipped.
        await using var host = SecurityHosts.StartProduction(_folder, new Dictionary<string, string?> { ["AllowedHosts"] = "" }, https: false);

        using var other = await GetAsync(host, "/healthz/live", "portail-pirate.example");
        using var otherChallenge = await GetAsync(host, "/mon-compte", "portail-pirate.example");
        using var loopback = await GetAsync(host, "/healthz/live", hostHeader: null);
        using var publicOne = await GetAsync(host, "/healthz/live", PublicHost);
        using var publicChallenge = await GetAsync(host, "/mon-compte", PublicHost);

        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, otherChallenge.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, loopback.StatusCode);
        Assert.Equal(HttpStatusCode.OK, publicOne.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, publicChallenge.StatusCode);
        Assert.Contains("redirect_uri=" + Uri.EscapeDataString($"http://{PublicHost}/signin-oidc"), publicChallenge.Headers.Location!.Query);
    }

    [Fact]
    public async Task An_explicit_AllowedHosts_wins_over_the_public_address()
    {
        await using var host = SecurityHosts.StartProduction(_folder, new Dictionary<string, string?> { ["AllowedHosts"] = "autre-nom.example;127.0.0.1" }, https: false);

        using var listed = await GetAsync(host, "/healthz/live", "autre-nom.example");
        using var loopback = await GetAsync(host, "/healthz/live", hostHeader: null);
        using var publicOne = await GetAsync(host, "/healthz/live", PublicHost);

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, loopback.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, publicOne.StatusCode);
    }

    [Fact]
    public async Task In_development_any_host_is_answered()
    {
        await using var host = PortalHost.Start(TestDatabase.Sqlite(), options: new PortalHostOptions { OwnsDatabase = true });

        using var other = await GetAsync(host, "/healthz/live", "portail-pirate.example");

        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    private static async Task<HttpResponseMessage> GetAsync(PortalHost host, string path, string? hostHeader)
    {
        using var agent = host.NewAgent();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (hostHeader is not null)
        {
            request.Headers.Host = hostHeader;
        }

        return await agent.NoRedirect.SendAsync(request);
    }
}
