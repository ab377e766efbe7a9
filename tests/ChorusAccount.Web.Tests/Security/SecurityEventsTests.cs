using System.Net;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Pigp;
using ChorusAccount.Web.Security;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;
using Ids = ChorusAccount.Web.Security.SecurityEvents.EventIds;

namespace ChorusAccount.Web.Tests.Security;

/// <summary>
/// The security events (<see cref="SecurityEvents"/>): sign-in, refused and failed sign-ins, sign-out, a 403 on an
/// operator's page, a rate limit reached, the operators' « Lancer l'import » and « Lancer l'envoi », each under its stable event id, naming the
/// user by id and the client's address; the request log carries both too; and no log line names an email address.
/// </summary>
public abstract class SecurityEventsTests(SecurityEventsFixture fixture)
{
    private const string Client = "127.0.0.1";
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(30);
    private PortalHost Host => fixture.Host;
    private CapturedLog Log => fixture.Log;

    private static string? Text(LogEvent e, string property) => CapturedLog.Scalar(e, property)?.ToString();

    /// <summary>The one event of <paramref name="id"/> naming <paramref name="userId"/>, with its stable name, category and
    /// the client's address.</summary>
    private LogEvent Single(int id, string name, string userId)
    {
        var e = Assert.Single(Log.WithEventId(id), e => Text(e, "UserId") == userId);
        Assert.Equal(name, CapturedLog.EventIdPart(e, "Name"));
        Assert.Equal(SecurityEvents.Category, Text(e, "SourceContext"));
        Assert.Equal(Client, Text(e, "ClientAddress"));
        return e;
    }

    private void AssertNoEmailLogged(params User[] users)
    {
        var emails = users.SelectMany(u => new[] { u.ContactEmail, u.MadrhasEmail }).OfType<string>().ToList();
        Assert.NotEmpty(emails);
        Assert.All(Log.AllText(), text => Assert.DoesNotContain(emails, email => text.Contains(email, StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(Log.AllText(), text => text.Contains("@mairie-exemple.fr", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Sign_in_and_sign_out_are_logged_with_the_user_id_and_the_client_address_never_the_email()
    {
        var user = await Host.CreateUserAsync();
        using var agent = Host.NewAgent();

        await agent.SignInAsync(user.Login);
        var account = await agent.GetAsync("/mon-compte");
        var signedOut = await agent.SubmitAsync(account.Form("/deconnexion"));

        Assert.Equal("/deconnecte", signedOut.Uri.AbsolutePath);
        Assert.Equal(LogEventLevel.Information, Single(Ids.SignIn, "SignIn", user.Id.ToString()).Level);
        Assert.Equal(LogEventLevel.Information, Single(Ids.SignOut, "SignOut", user.Id.ToString()).Level);
        // The request log names the user, and the client's address.
        var request = await Log.WaitForAsync(
            e => e.MessageTemplate.Text == CapturedLog.RequestTemplate && Text(e, "RequestPath") == "/mon-compte" && Text(e, "UserId") == user.Id.ToString(),
            "request log of « Mon compte » naming the user", _timeout);
        Assert.Equal(Client, Text(request, "ClientAddress"));
        Assert.Contains(user.Id.ToString(), request.RenderMessage(), StringComparison.Ordinal);
        AssertNoEmailLogged(user);
    }

    [Fact]
    public async Task A_refused_sign_in_names_the_deactivated_account_by_id_and_an_unknown_identity_by_its_login()
    {
        var deactivated = await Host.CreateUserAsync(status: UserStatus.Inactive);
        using (var agent = Host.NewAgent())
        {
            var refused = await agent.SignInAsync(deactivated.Login);
            Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        }

        var unknown = "inconnu" + Guid.NewGuid().ToString("N")[..10];
        Host.Pigp.AddIdentity(new PigpIdentity(unknown, "Jean", "Inconnu", unknown + "@mairie-exemple.fr", null));
        using (var agent = Host.NewAgent())
        {
            var refused = await agent.SignInAsync(unknown);
            Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        }

        var known = Single(Ids.SignInRefused, "SignInRefused", deactivated.Id.ToString());
        Assert.Equal((LogEventLevel.Warning, "desactive", null), (known.Level, Text(known, "Reason"), Text(known, "Login")));
        Assert.Contains(Log.WithEventId(Ids.SignInRefused), e => Text(e, "Login") == unknown && Text(e, "UserId") == SecurityEvents.Anonymous && Text(e, "Reason") == "inconnu");
        Assert.DoesNotContain(Log.WithEventId(Ids.SignIn), e => Text(e, "UserId") == deactivated.Id.ToString());
        AssertNoEmailLogged(deactivated);
    }

    [Fact]
    public async Task A_forged_answer_to_the_sign_in_is_logged_as_a_failed_sign_in()
    {
        using var agent = Host.NewAgent();
        var before = Log.WithEventId(Ids.SignInFailed).Count;

        var page = await agent.GetAsync("/signin-oidc?code=forged&state=forged");

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        var failed = Assert.Single(Log.WithEventId(Ids.SignInFailed).Skip(before));
        Assert.Equal(("SignInFailed", Client, LogEventLevel.Warning), (CapturedLog.EventIdPart(failed, "Name"), Text(failed, "ClientAddress"), failed.Level));
    }

    [Fact]
    public async Task An_agent_on_the_operators_pages_is_logged_as_access_denied_with_the_page()
    {
        var user = await Host.CreateUserAsync();
        using var agent = Host.NewAgent();
        await agent.SignInAsync(user.Login);
        var token = (await agent.GetAsync("/mon-compte")).Form("/mon-compte")["__RequestVerificationToken"]!;

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/ops/imports")).Status);
        using var posted = await agent.Http.PostAsync("/ops/digests/lancer", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);

        var denied = Log.WithEventId(Ids.AccessDenied).Where(e => Text(e, "UserId") == user.Id.ToString()).ToList();
        Assert.Equal(["GET /ops/imports", "POST /ops/digests/lancer"], denied.Select(e => $"{Text(e, "RequestMethod")} {Text(e, "RequestPath")}").Order().ToArray());
        Assert.All(denied, e => Assert.Equal((LogEventLevel.Warning, Client, "AccessDenied"), (e.Level, Text(e, "ClientAddress"), CapturedLog.EventIdPart(e, "Name"))));
        AssertNoEmailLogged(user);
    }

    [Fact]
    public async Task A_rate_limit_reached_is_logged_with_its_policy_the_page_the_user_id_and_the_address()
    {
        var user = await Host.CreateUserAsync();
        using var agent = Host.NewAgent();
        await agent.SignInAsync(user.Login);

        using (var first = await agent.Http.GetAsync("/mon-compte/mes-donnees"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await agent.GetAsync("/mon-compte/mes-donnees")).Status);

        var limited = Single(Ids.RateLimited, "RateLimited", user.Id.ToString());
        Assert.Equal(LogEventLevel.Warning, limited.Level);
        Assert.Equal((Web.Security.RateLimits.PersonalDataExport, "/mon-compte/mes-donnees"), (Text(limited, "Policy"), Text(limited, "RequestPath")));
        AssertNoEmailLogged(user);
    }

    [Fact]
    public async Task Ending_sessions_from_my_sessions_is_logged_with_how_many()
    {
        var user = await Host.CreateUserAsync();
        using var agent = Host.NewAgent();
        await agent.SignInAsync(user.Login);
        using (var other = Host.NewAgent())
        {
            await other.SignInAsync(user.Login);
        }

        using (var third = Host.NewAgent())
        {
            await third.SignInAsync(user.Login);
        }

        var page = await agent.GetAsync("/mon-compte/sessions");
        var ended = await agent.SubmitAsync(page.Form("/mon-compte/sessions/mettre-fin-aux-autres"));

        Assert.Equal(HttpStatusCode.OK, ended.Status);
        var e = Single(Ids.SessionsEnded, "SessionsEnded", user.Id.ToString());
        Assert.Equal(("Others", "2", LogEventLevel.Information), (Text(e, "Which"), Text(e, "Count"), e.Level));
        AssertNoEmailLogged(user);
    }

    [Fact]
    public async Task Lancer_l_import_and_lancer_l_envoi_are_logged_with_the_operator_id()
    {
        var operatorUser = await Host.OperatorAsync();
        using var agent = Host.NewAgent();
        await agent.SignInAsync(operatorUser.Login);

        var imports = await agent.GetAsync("/ops/imports");
        var answered = await agent.SubmitAsync(imports.Form("/ops/imports/lancer"));
        Assert.Equal("/ops/imports", answered.Uri.AbsolutePath);
        var digests = await agent.GetAsync("/ops/digests");
        var launched = await agent.SubmitAsync(digests.Form("/ops/digests/lancer"));
        Assert.Equal("/ops/digests", launched.Uri.AbsolutePath);

        // The drop folder is empty: the import was asked for, and not started.
        var import = Assert.Single(Log.WithEventId(Ids.ImportLaunched), e => Text(e, "UserId") == operatorUser.Id.ToString());
        Assert.Equal(("ImportLaunched", "NoExtract", Client), (CapturedLog.EventIdPart(import, "Name"), Text(import, "Outcome"), Text(import, "ClientAddress")));
        Single(Ids.DigestsLaunched, "DigestsLaunched", operatorUser.Id.ToString());
        AssertNoEmailLogged(operatorUser);
    }
}

/// <summary>A portal logging at Information into a <see cref="CapturedLog"/>.</summary>
public abstract class SecurityEventsFixture : IAsyncLifetime
{
    public CapturedLog Log { get; } = new();
    public PortalHost Host { get; private set; } = default!;

    protected abstract Task<TestDatabase> DatabaseAsync();

    public async Task InitializeAsync() =>
        Host = PortalHost.Start(
            await DatabaseAsync(),
            new Dictionary<string, string?>
            {
                ["Serilog:MinimumLevel:Default"] = "Information",
                // One export of personal data, so that the second is refused and logged.
                [$"RateLimiting:{Web.Security.RateLimits.PersonalDataExport}:PermitLimit"] = "1",
            },
            services => services.AddSingleton<ILogEventSink>(Log));

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class SqliteSecurityEventsFixture : SecurityEventsFixture
{
    protected override Task<TestDatabase> DatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class PostgreSqlSecurityEventsFixture : SecurityEventsFixture
{
    protected override Task<TestDatabase> DatabaseAsync() => TestDatabase.PostgreSqlAsync();
}

public sealed class SecurityEventsTestsOnSqlite(SqliteSecurityEventsFixture fixture) : SecurityEventsTests(fixture), IClassFixture<SqliteSecurityEventsFixture>;

public sealed class SecurityEventsTestsOnPostgreSql(PostgreSqlSecurityEventsFixture fixture) : SecurityEventsTests(fixture), IClassFixture<PostgreSqlSecurityEventsFixture>;
