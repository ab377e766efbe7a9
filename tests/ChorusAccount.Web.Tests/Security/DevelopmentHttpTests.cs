using System.Net;
using ChorusAccount.Web.Authentication;
using ChorusAccount.Web.Tests.Infrastructure;

namespace ChorusAccount.Web.Tests.Security;

/// <summary>`dotnet run` on http://localhost: the documented development exception (appsettings.Development.json).</summary>
public sealed class DevelopmentHttpTests
{
    [Fact]
    public async Task Over_plain_http_in_Development_the_agent_signs_in_with_an_unprefixed_cookie_that_is_not_Secure()
    {
        await using var host = PortalHost.Start(TestDatabase.Sqlite(), options: new PortalHostOptions { Https = false });
        var user = await host.CreateUserAsync();
        using var agent = host.NewAgent();

        var home = await agent.SignInAsync(user.Login);

        Assert.Equal(HttpStatusCode.OK, home.Status);
        Assert.Equal("http", home.Uri.Scheme);
        var session = SecurityAssert.PortalCookies(agent, host).First(c => c.StartsWith(AuthenticationSetup.DevelopmentSessionCookieName + "=", StringComparison.Ordinal));
        Assert.DoesNotContain("secure", session.ToLowerInvariant().Split(';', StringSplitOptions.TrimEntries));
        Assert.Contains("httponly", session.ToLowerInvariant().Split(';', StringSplitOptions.TrimEntries));
    }
}
