using ChorusAccount.Web.Tests.Infrastructure;

namespace ChorusAccount.Web.Tests.Security;

internal static class SecurityAssert
{
    /// <summary>The headers of <c>SecurityHeaders</c>: no inline script, no framing, no sniffing, no referrer elsewhere.</summary>
    public static void HasPortalHeaders(HttpResponseMessage response, string label)
    {
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        var directives = csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.True(directives.Contains("script-src 'self'"), $"{label}: {csp}");
        Assert.True(directives.Contains("frame-ancestors 'none'"), $"{label}: {csp}");
        Assert.True(directives.Contains("object-src 'none'"), $"{label}: {csp}");
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    /// <summary>The `Set-Cookie` headers the portal sent (not the PIGP's), lower-cased attributes kept as sent.</summary>
    public static List<string> PortalCookies(AgentClient agent, PortalHost host)
    {
        var cookies = agent.SetCookies.Where(c => c.From.Port == host.BaseAddress.Port).Select(c => c.Header).ToList();
        Assert.NotEmpty(cookies);
        return cookies;
    }

    /// <summary>`__Host-`: Secure, Path=/, no Domain; and HttpOnly with the given SameSite.</summary>
    public static void HostCookie(string header, string sameSite)
    {
        var attributes = Attributes(header);
        Assert.StartsWith("__Host-", header, StringComparison.Ordinal);
        Assert.Contains("secure", attributes);
        Assert.Contains("httponly", attributes);
        Assert.Contains("path=/", attributes);
        Assert.Contains("samesite=" + sameSite, attributes);
        Assert.DoesNotContain(attributes, a => a.StartsWith("domain=", StringComparison.Ordinal));
        // A session cookie: closing the browser ends it.
        Assert.DoesNotContain(attributes, a => a.StartsWith("max-age=", StringComparison.Ordinal));
    }

    /// <summary>Every cookie Secure and HttpOnly; every cookie valid for the whole site `__Host-` prefixed.</summary>
    public static void AllSecure(IEnumerable<string> headers)
    {
        foreach (var header in headers)
        {
            var attributes = Attributes(header);
            Assert.True(attributes.Contains("secure") && attributes.Contains("httponly"), header);
            Assert.True(!attributes.Contains("path=/") || header.StartsWith("__Host-", StringComparison.Ordinal), header);
        }
    }

    private static List<string> Attributes(string header) =>
        header.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant()).ToList();
}
