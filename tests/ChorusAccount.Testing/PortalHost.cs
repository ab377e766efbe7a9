using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Data;
using ChorusAccount.Pigp;
using ChorusAccount.Web.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChorusAccount.Testing;

/// <summary>The real portal on a real port (Kestrel), with its embedded PIGP stand-in, on a test database.</summary>
public sealed class PortalHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;
    private readonly TestDatabase? _database;
    private readonly PigpServer? _externalPigp;

    private readonly Lazy<Task<User>> _operator;

    private PortalHost(WebApplicationFactory<Program> factory, TestDatabase? database, PigpServer? externalPigp, Uri baseAddress, string jobsFolder, string mailFolder)
    {
        _factory = factory;
        _database = database;
        _externalPigp = externalPigp;
        BaseAddress = baseAddress;
        JobsFolder = jobsFolder;
        MailFolder = mailFolder;
        _operator = new Lazy<Task<User>>(() => CreateUserAsync(login: OperatorLogin));
    }

    /// <summary>The one login the host's `Operators` section lists.</summary>
    public const string OperatorLogin = "operateur";

    /// <summary>This host's MADRHAS drop folder is <c>depot</c> under it, its archive folder <c>archives</c>.</summary>
    public string JobsFolder { get; }

    /// <summary>Where this portal writes its emails (.eml), a folder of its own.</summary>
    public string MailFolder { get; }

    public Uri BaseAddress { get; }
    public IServiceProvider Services => _factory.Services;
    public PigpServer Pigp => _externalPigp ?? Services.GetRequiredService<EmbeddedPigp>().Server;
    public Uri PigpAddress => Pigp.BaseAddress;

    /// <summary>Starts a portal over HTTPS (the production cookie settings: `__Host-`, Secure) unless told otherwise.</summary>
    public static PortalHost Start(
        TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, PortalHostOptions? options = null)
    {
        options ??= new PortalHostOptions();
        var jobsFolder = Directory.CreateTempSubdirectory("chorus-jobs-").FullName;
        var mailFolder = Path.Combine(Path.GetTempPath(), "chorus-mails-" + Guid.NewGuid().ToString("N"));
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Mail:PickupFolder", mailFolder);
            builder.UseSetting("Operators:Logins:0", OperatorLogin);
            builder.UseSetting("Jobs:DropFolder", Path.Combine(jobsFolder, "depot"));
            builder.UseSetting("Jobs:ArchiveFolder", Path.Combine(jobsFolder, "archives"));
            builder.UseSetting("Database:Provider", database.Provider.ToString());
            builder.UseSetting("ConnectionStrings:Default", database.ConnectionString);
            builder.UseSetting("Pigp:EmbeddedUrls", "http://127.0.0.1:0");
            // The outbox worker runs when a test says so (RunOutboxAsync), never on its own in the middle of a test.
            builder.UseSetting("Jobs:OutboxCron", Hangfire.Cron.Never());
            if (options.Pigp is { } pigp)
            {
                builder.UseSetting("Pigp:Embedded", "false");
                builder.UseSetting("Pigp:Authority", pigp.BaseAddress.ToString());
                builder.UseSetting("Pigp:RequireHttpsMetadata", "false");
            }
            else
            {
                builder.UseSetting("Pigp:Embedded", "true");
            }

            // The development exception is off: the test portals run the production cookie settings, over HTTPS.
            builder.UseSetting("Session:HttpDevelopmentCookies", options.Https ? "false" : "true");
            if (options.Environment is not null)
            {
                builder.UseEnvironment(options.Environment);
            }

            // Every request re-reads the account, so that a deactivation is seen at once.
            builder.UseSetting("Session:RevalidationInterval", "00:00:00");
            builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
            // Tests run many requests per user in a second; RateLimitTests sets small limits of its own.
            foreach (var policy in Web.Security.RateLimits.Defaults)
            {
                builder.UseSetting($"{Web.Security.RateLimits.Section}:{policy.Name}:PermitLimit", "1000000");
            }

            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                builder.UseSetting(key, value);
            }

            if (services is not null)
            {
                builder.ConfigureTestServices(services);
            }
        });
        // An explicit loopback endpoint on a free port: never the default :5000, so hosts run side by side.
        factory.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen =>
        {
            if (options.Https)
            {
                listen.UseHttps(TestCertificates.Server);
            }
        }));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new PortalHost(factory, options.OwnsDatabase ? database : null, options.Pigp, new Uri(address.EndsWith('/') ? address : address + "/"), jobsFolder, mailFolder);
    }

    public AgentClient NewAgent() => new(this);

    /// <summary>The outbox worker's run, as the recurring job runs it every minute: sends the decision emails due.</summary>
    public async Task<Web.Jobs.DigestRunReport> RunOutboxAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Web.Jobs.DigestJob>().DeliverDueAsync(CancellationToken.None);
    }

    /// <summary>The operator's account, created once per host.</summary>
    public Task<User> OperatorAsync() => _operator.Value;

    public async Task<T> WithDbAsync<T>(Func<ChorusAccountDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<ChorusAccountDbContext>());
    }

    public Task WithDbAsync(Func<ChorusAccountDbContext, Task> action) =>
        WithDbAsync(async db =>
        {
            await action(db);
            return true;
        });

    public Task<User> FindUserAsync(string login) =>
        WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Login == login));

    /// <summary>A new account of its own for one test, known to the PIGP stand-in too.</summary>
    public async Task<User> CreateUserAsync(bool profileValidated = true, UserStatus status = UserStatus.Active, string? login = null)
    {
        login ??= "test" + Guid.NewGuid().ToString("N")[..12];
        var user = new User
        {
            Login = login,
            LastName = "Testeur",
            FirstName = "Camille",
            ContactEmail = $"{login}@mairie-exemple.fr",
            MadrhasEmail = $"{login}@mairie-exemple.fr",
            Civility = "Mme",
            Address = new PostalAddress { Line1 = "1 place de la Mairie", PostalCode = "45000", City = "Orléans", Country = "FR" },
            Status = status,
            ProfileValidatedAt = profileValidated ? DateTime.UtcNow : null,
            CreatedAt = DateTime.UtcNow,
            UpdatedAt = DateTime.UtcNow,
        };
        await WithDbAsync(async db =>
        {
            db.Users.Add(user);
            await db.SaveChangesAsync();
        });
        Pigp.AddIdentity(new PigpIdentity(login, user.FirstName, user.LastName, user.ContactEmail, null));
        return user;
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        Directory.Delete(JobsFolder, recursive: true);
        if (Directory.Exists(MailFolder))
        {
            Directory.Delete(MailFolder, recursive: true);
        }
    }
}

/// <summary>How a test portal differs from the usual one.</summary>
public sealed record PortalHostOptions
{
    /// <summary>HTTPS with <see cref="TestCertificates.Server"/>; false: plain http with the development cookie exception,
    /// or behind a TLS reverse proxy (then set `ReverseProxy` and send `X-Forwarded-Proto`).</summary>
    public bool Https { get; init; } = true;

    /// <summary>The hosting environment (Development by default).</summary>
    public string? Environment { get; init; }

    /// <summary>A PIGP stand-in of the test's, shared by several portals (nodes), instead of an embedded one.</summary>
    public PigpServer? Pigp { get; init; }

    /// <summary>False when several portals share the database: the test drops it.</summary>
    public bool OwnsDatabase { get; init; } = true;
}
