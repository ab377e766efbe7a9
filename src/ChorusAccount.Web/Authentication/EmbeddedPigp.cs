using ChorusAccount.Core.Data;
using ChorusAccount.Core.Madrhas;
using ChorusAccount.Core.Structures;
using ChorusAccount.Pigp;
using ChorusAccount.Web.Configuration;
using ChorusAccount.Web.Data;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChorusAccount.Web.Authentication;

/// <summary>The PIGP stand-in started in the portal's process (embedded default): it signs in the demo
/// MADRHAS identities and every user of the portal's data (whichever extract imported it), and learns the portal's
/// address once the portal listens.</summary>
public sealed class EmbeddedPigp(
    IOptions<PigpSsoOptions> options,
    IServiceScopeFactory scopes,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<EmbeddedPigp> logger) : IHostedService, IAsyncDisposable
{
    private PigpServer? _server;

    public Uri Authority => _server?.BaseAddress ?? throw new InvalidOperationException("The embedded PIGP has not started.");

    public PigpServer Server => _server ?? throw new InvalidOperationException("The embedded PIGP has not started.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var sso = options.Value;
        List<PigpIdentity> identities;
        await using (var extract = File.OpenRead(StartupTasks.DemoExtractPath))
        {
            identities = (await MadrhasIdentityReader.ReadAsync(extract, cancellationToken))
                .Select(i => new PigpIdentity(i.Uid, i.FirstName, i.LastName, i.Email, i.Siret))
                .ToList();
        }

        _server = PigpServer.Create(new PigpOptions { Urls = sso.EmbeddedUrls, Identities = identities, FindIdentity = FindUserAsync });
        await _server.StartAsync(cancellationToken);
        logger.LogInformation("PIGP stand-in listening on {Address}", _server.BaseAddress);
        lifetime.ApplicationStarted.Register(RegisterPortal);
    }

    // Any user of the portal, active or not: the stand-in signs it in and the portal decides (an inactive account gets the
    // portal's refusal page, a login the portal does not know the stand-in's « Identifiant inconnu »). Its SIRET is the
    // one of its first structure identified by a SIRET, as the demo identities take the first one of the extract.
    private async Task<PigpIdentity?> FindUserAsync(string uid, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChorusAccountDbContext>();
        var lower = uid.ToLowerInvariant();
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Login == uid || u.Login == lower)
            .OrderBy(u => u.Login == uid ? 0 : 1)
            .Select(u => new { u.Id, u.Login, u.FirstName, u.LastName, Email = u.MadrhasEmail ?? u.ContactEmail })
            .FirstOrDefaultAsync(ct);
        if (user is null)
        {
            return null;
        }

        var siret = await db.Memberships.AsNoTracking()
            .Where(m => m.UserId == user.Id && m.Structure!.IdentifierType == StructureIdentifierType.Siret)
            .OrderBy(m => m.RequestedAt)
            .Select(m => m.Structure!.Identifier)
            .FirstOrDefaultAsync(ct);
        return new PigpIdentity(user.Login, user.FirstName, user.LastName, user.Email, siret);
    }

    // Only now are the portal's own addresses known (port 0 in tests), and with them its redirect URIs.
    private void RegisterPortal()
    {
        var portalUrls = PortalUrls().ToList();
        var sso = options.Value;
        var redirects = portalUrls.Select(u => u + "signin-oidc").ToList();
        var postLogout = portalUrls.Select(u => u + "signout-callback-oidc").ToList();
        Server.RegisterClientAsync(new PigpClient(sso.ClientId, sso.SecretInUse, redirects, postLogout)).GetAwaiter().GetResult();
        Server.SetPortalUrl(portalUrls[0]);
        logger.LogInformation("Portal registered at the PIGP stand-in: {Urls}", string.Join(", ", portalUrls));
    }

    private IEnumerable<string> PortalUrls()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var urls = new List<string>();
        foreach (var address in addresses.DefaultIfEmpty("http://localhost"))
        {
            var uri = new Uri(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal));
            // A browser may call the loopback by name or by number: both are registered.
            foreach (var host in uri.IsLoopback ? new[] { "localhost", "127.0.0.1" } : [uri.Host])
            {
                urls.Add(new UriBuilder(uri) { Host = host, Path = "/" }.Uri.ToString());
            }
        }

        return urls.Distinct();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
