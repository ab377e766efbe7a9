using System.Net;
using ChorusAccount.Testing;

namespace ChorusAccount.Web.Tests.Infrastructure;

/// <summary>What a request without a session in force gets: a redirect to the PIGP's sign-in (the OpenID Connect challenge).</summary>
public static class PigpAssert
{
    /// <summary><paramref name="response"/> (read without following redirects) sends the browser to the PIGP of <paramref name="host"/>.</summary>
    /// <param name="what">Named in the failure: the route or the session that should have been sent there.</param>
    public static void SentToThePigp(PortalHost host, HttpResponseMessage response, string? what = null)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{what ?? response.RequestMessage?.RequestUri?.PathAndQuery}: answered {(int)response.StatusCode}");
        Assert.StartsWith(new Uri(host.PigpAddress, "connect/authorize").ToString(), response.Headers.Location!.ToString());
    }
}
