using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ChorusAccount.Pigp;

/// <summary>
/// Stand-in for the PIGP (Portail Internet de la Gestion Publique): a real OpenID Connect provider
/// (OpenIddict, authorization code + PKCE S256, confidential clients) with its own home and sign-in pages.
/// </summary>
public sealed class PigpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly PigpState _state;
    private readonly SqliteConnection _database;
    private readonly List<PigpClient> _clients;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Uri? _baseAddress;
    private bool _started;
    private bool _disposed;

    private PigpServer(WebApplication app, PigpState state, SqliteConnection database, List<PigpClient> clients)
    {
        _app = app;
        _state = state;
        _database = database;
        _clients = clients;
    }

    /// <summary>Actual address after <see cref="StartAsync"/> (port 0 resolved), with a trailing slash.</summary>
    public Uri BaseAddress => _baseAddress ?? throw new InvalidOperationException("The PIGP server is not started.");

    /// <summary>Builds the web application (not started).</summary>
    public static PigpServer Create(PigpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Urls);

        var clients = new List<PigpClient>();
        foreach (var client in options.Clients)
        {
            Validate(client);
            clients.RemoveAll(c => c.ClientId == client.ClientId);
            clients.Add(client);
        }

        var identities = options.Identities.Count > 0 ? options.Identities.ToArray() : PigpIdentities.Demo;
        var state = new PigpState(options.PortalUrl, identities, options.FindIdentity);

        // A private shared-cache in-memory database: alive as long as this connection is open,
        // while each DbContext opens its own connection to it (safe under concurrent requests).
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = "pigp-" + Guid.NewGuid().ToString("N"),
            Mode = SqliteOpenMode.Memory,
            Cache = SqliteCacheMode.Shared,
        }.ToString();
        var database = new SqliteConnection(connectionString);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(PigpServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });

        // Do not inherit the host process's configuration (appsettings.json, ASPNETCORE_URLS, Kestrel section...).
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // A stand-in: its own traffic is not what an operator reads the portal's console for.
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.WebHost.UseUrls(options.Urls);

        var services = builder.Services;
        services.AddSingleton(state);
        services.AddDataProtection()
            .SetApplicationName("ChorusAccount.Pigp")
            .UseEphemeralDataProtectionProvider();
        services.AddAntiforgery(o => o.Cookie.Name = PigpEndpoints.AntiforgeryCookieName);
        services.AddAuthentication(PigpEndpoints.SessionScheme)
            .AddCookie(PigpEndpoints.SessionScheme, o =>
            {
                o.Cookie.Name = PigpEndpoints.SessionCookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.LoginPath = "/connexion";
                o.ReturnUrlParameter = "returnUrl";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
            });

        services.AddDbContext<PigpDbContext>(o =>
        {
            o.UseSqlite(connectionString);
            o.UseOpenIddict();
        });

        services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<PigpDbContext>())
            .AddServer(o =>
            {
                // No fixed issuer: derived from the request, so that port 0 works.
                o.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetUserInfoEndpointUris("connect/userinfo")
                    .SetEndSessionEndpointUris("connect/logout");

                o.AllowAuthorizationCodeFlow()
                    .RequireProofKeyForCodeExchange();
                o.Configure(s => s.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));

                o.RegisterScopes([Scopes.OpenId, .. PigpClaims.Scopes]);
                o.RegisterClaims([Claims.Subject, .. PigpClaims.Returned]);

                // Ephemeral keys (lost at shutdown). AddEphemeralSigningKey/EncryptionKey generate 4096-bit RSA keys,
                // which takes seconds on a small machine: a 2048-bit RSA signing key (RS256) and a random AES-256
                // encryption key (authorization codes and other internal tokens) are enough for a stand-in.
                o.AddSigningKey(new RsaSecurityKey(RSA.Create(2048)))
                    .AddEncryptionKey(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)))
                    .DisableAccessTokenEncryption();

                o.UseAspNetCore()
                    .DisableTransportSecurityRequirement()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableErrorPassthrough();
            });

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAntiforgery();
        PigpEndpoints.Map(app);

        return new PigpServer(app, state, database, clients);
    }

    /// <summary>Creates the store, registers the clients and starts listening.</summary>
    public async Task StartAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_started)
            {
                throw new InvalidOperationException("The PIGP server is already started.");
            }

            await _database.OpenAsync(ct);
            await using (var scope = _app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<PigpDbContext>();
                await db.Database.EnsureCreatedAsync(ct);
                var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
                foreach (var client in _clients)
                {
                    await UpsertAsync(manager, client, ct);
                }
            }

            // Builds the OpenIddict options now (keys, validation) rather than on the first request.
            _ = _app.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue;
            await _app.StartAsync(ct);
            var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            var address = addresses?.FirstOrDefault()
                ?? throw new InvalidOperationException("The PIGP server has no listening address.");
            _baseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
            _started = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Adds a client, or replaces the secret and the redirect URIs of an existing client id.
    /// May be called before or after <see cref="StartAsync"/>.
    /// </summary>
    public async Task RegisterClientAsync(PigpClient client, CancellationToken ct = default)
    {
        Validate(client);
        await _gate.WaitAsync(ct);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _clients.RemoveAll(c => c.ClientId == client.ClientId);
            _clients.Add(client);
            if (_started)
            {
                await using var scope = _app.Services.CreateAsyncScope();
                await UpsertAsync(scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>(), client, ct);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Changes the target of the « Demat. des factures » button (may be called after start).</summary>
    public void SetPortalUrl(string url) => _state.PortalUrl = url;

    /// <summary>Makes one more agent able to sign in (the directory changes while the server runs).</summary>
    public void AddIdentity(PigpIdentity identity) => _state.AddIdentity(identity);

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_started)
            {
                await _app.StopAsync();
            }

            await _app.DisposeAsync();
            await _database.DisposeAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task UpsertAsync(IOpenIddictApplicationManager manager, PigpClient client, CancellationToken ct)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            ClientType = ClientTypes.Confidential,
            ApplicationType = ApplicationTypes.Web,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = client.ClientId,
        };
        descriptor.Permissions.UnionWith(
        [
            Permissions.Endpoints.Authorization,
            Permissions.Endpoints.Token,
            Permissions.Endpoints.EndSession,
            Permissions.GrantTypes.AuthorizationCode,
            Permissions.ResponseTypes.Code,
            .. PigpClaims.Scopes.Select(s => Permissions.Prefixes.Scope + s),
        ]);
        descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        descriptor.RedirectUris.UnionWith(client.RedirectUris.Select(u => new Uri(u, UriKind.Absolute)));
        descriptor.PostLogoutRedirectUris.UnionWith(client.PostLogoutRedirectUris.Select(u => new Uri(u, UriKind.Absolute)));

        var existing = await manager.FindByClientIdAsync(client.ClientId, ct);
        if (existing is null)
        {
            await manager.CreateAsync(descriptor, ct);
        }
        else
        {
            await manager.UpdateAsync(existing, descriptor, ct);
        }
    }

    private static void Validate(PigpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(client.ClientId);
        ArgumentException.ThrowIfNullOrWhiteSpace(client.ClientSecret);
        ArgumentNullException.ThrowIfNull(client.RedirectUris);
        ArgumentNullException.ThrowIfNull(client.PostLogoutRedirectUris);
        foreach (var uri in client.RedirectUris.Concat(client.PostLogoutRedirectUris))
        {
            if (!Uri.TryCreate(uri, UriKind.Absolute, out _))
            {
                throw new ArgumentException($"Client '{client.ClientId}': '{uri}' is not an absolute URI.", nameof(client));
            }
        }
    }
}
