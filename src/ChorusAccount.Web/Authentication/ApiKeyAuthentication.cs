using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using ChorusAccount.Web.Configuration;
using ChorusAccount.Web.Localization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ChorusAccount.Web.Authentication;

/// <summary>The invoice module's machine-to-machine access: a key from `Notifications:ApiKeys` in the X-Api-Key header.</summary>
public static class ApiKeyAuthentication
{
    public const string Scheme = "InvoiceModuleApiKey";
    public const string Policy = "InvoiceModule";
    public const string HeaderName = "X-Api-Key";
    public const int MinimumKeyLength = 32;
}

/// <summary>
/// Compares the presented key with each configured one in constant time (SHA-256 digests, so that the lengths match
/// too); a session cookie is never looked at. Without a key or with a wrong one: 401 with a problem details body.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IOptionsMonitor<NotificationsOptions> notifications, IStringLocalizer<UiText> t)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeyAuthentication.HeaderName, out var values) || values.Count != 1 || string.IsNullOrEmpty(values[0]))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(values[0]!));
        var match = false;
        // An empty entry (an unset variable) is no key.
        foreach (var key in notifications.CurrentValue.ApiKeys.Where(k => !string.IsNullOrEmpty(k)))
        {
            // Every key is compared, match or not: the time taken does not tell which one matched.
            match |= CryptographicOperations.FixedTimeEquals(presented, SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        }

        if (!match)
        {
            return Task.FromResult(AuthenticateResult.Fail("Invalid API key"));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "invoice-module")], ApiKeyAuthentication.Scheme);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ApiKeyAuthentication.Scheme)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = $"ApiKey header=\"{ApiKeyAuthentication.HeaderName}\"";
        await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: t["Api.Unauthorized"]).ExecuteAsync(Context);
    }
}
