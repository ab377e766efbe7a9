using System.Net;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChorusAccount.Web.Tests.Accounts;

/// <summary>Sessions end after 30 minutes without activity, and after 12 hours whatever the activity.</summary>
public sealed class SessionLifetimeTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private PortalHost _host = default!;

    public Task InitializeAsync()
    {
        _host = PortalHost.Start(TestDatabase.Sqlite(), services: s => s.AddSingleton<TimeProvider>(_clock));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static async Task<HttpStatusCode> StatusOfAccountPageAsync(AgentClient agent)
    {
        using var response = await agent.NoRedirect.GetAsync("/mon-compte");
        return response.StatusCode;
    }

    [Fact]
    public async Task Thirty_minutes_without_activity_end_the_session()
    {
        var user = await _host.CreateUserAsync();
        using var agent = _host.NewAgent();
        await agent.SignInAsync(user.Login);

        _clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, await StatusOfAccountPageAsync(agent));
        _clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, await StatusOfAccountPageAsync(agent));
        _clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(HttpStatusCode.Redirect, await StatusOfAccountPageAsync(agent));
    }

    [Fact]
    public async Task Twelve_hours_end_the_session_even_when_active()
    {
        var user = await _host.CreateUserAsync();
        using var agent = _host.NewAgent();
        await agent.SignInAsync(user.Login);

        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(11.5); elapsed += TimeSpan.FromMinutes(20))
        {
            _clock.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal(HttpStatusCode.OK, await StatusOfAccountPageAsync(agent));
        }

        _clock.Advance(TimeSpan.FromMinutes(40));
        Assert.Equal(HttpStatusCode.Redirect, await StatusOfAccountPageAsync(agent));
    }

    [Fact]
    public async Task The_session_cookie_has_no_expiry_so_closing_the_browser_ends_it()
    {
        var user = await _host.CreateUserAsync();
        using var agent = _host.NewAgent();
        await agent.SignInAsync(user.Login);

        var cookie = Assert.Single(agent.Cookies.GetAllCookies(), c => c.Name.StartsWith(Authentication.AuthenticationSetup.SessionCookieName, StringComparison.Ordinal));
        Assert.Equal(DateTime.MinValue, cookie.Expires);
        Assert.True(cookie.HttpOnly);
        Assert.True(cookie.Value.Length < 3000, $"the session cookie weighs {cookie.Value.Length} characters");
    }
}
