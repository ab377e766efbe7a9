using System.Net;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Tests.Accounts;

/// <summary>The sessions kept on the server: what a row keeps of the browser and the address, which rows are in force, and
/// that a user ends only its own.</summary>
public sealed class UserSessionsTests : IDisposable
{
    private static readonly DateTimeOffset _signIn = new(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan _idle = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan _absolute = TimeSpan.FromHours(12);
    private const string Firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
    private readonly SqliteTestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Theory]
    [InlineData(Firefox, "Firefox 133", "Windows")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86", "Edge 131", "Windows")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome 131", "Linux")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", "Safari 18", "macOS")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", "Safari 18", "iOS")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1", "Chrome 131", "iOS")]
    [InlineData("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", "Chrome 131", "Android")]
    [InlineData("Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0", "Firefox 133", "Android")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0", "Opera 115", "Windows")]
    [InlineData("Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome 131", "ChromeOS")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.6778.33 Safari/537.36", "Chrome 131", "Linux")]
    [InlineData("curl/8.5.0", null, null)]
    [InlineData("<script>alert(1)</script> Firefox/<b>", null, null)]
    [InlineData("", null, null)]
    [InlineData(null, null, null)]
    public void The_browser_and_system_are_named_from_the_user_agent_and_nothing_else_of_it(string? userAgent, string? browser, string? system) =>
        Assert.Equal((browser, system), UserAgentSummary.Describe(userAgent));

    [Theory]
    [InlineData("192.168.1.27", "192.168.1.x")]
    [InlineData("::ffff:203.0.113.9", "203.0.113.x")]
    [InlineData("2001:db8:85a3:8d3:1319:8a2e:370:7348", "2001:db8:85a3::/48")]
    [InlineData("::1", "::/48")]
    public void The_client_address_is_kept_shortened(string address, string shortened) =>
        Assert.Equal(shortened, ClientAddress.Shorten(IPAddress.Parse(address)));

    [Fact]
    public async Task A_session_keeps_its_browser_cut_and_its_address_shortened_and_is_in_force_until_ended()
    {
        var user = await UserAsync("pdufour");
        var session = await StartAsync(user, new string('a', 1_000) + " " + Firefox, "198.51.100.77");

        await using var db = _database.CreateContext();
        var row = await db.UserSessions.SingleAsync(s => s.Id == session.Id);
        Assert.Equal((256, "198.51.100.x", user.SecurityStamp), (row.UserAgent.Length, row.ClientAddress, row.SecurityStamp));
        Assert.True(await Sessions(db, _signIn.AddMinutes(5)).IsInForceAsync(session.Id, user.Id, default));
        Assert.False(await Sessions(db, _signIn.AddMinutes(5)).IsInForceAsync(session.Id, Guid.NewGuid(), default));

        Assert.True(await Sessions(db, _signIn.AddMinutes(6)).EndAsync(user.Id, session.Id, default));
        Assert.False(await Sessions(db, _signIn.AddMinutes(7)).IsInForceAsync(session.Id, user.Id, default));
    }

    [Fact]
    public async Task The_last_activity_is_written_at_most_once_a_minute()
    {
        var user = await UserAsync("pdufour");
        var session = await StartAsync(user, Firefox, "192.0.2.1");

        Assert.Equal(_signIn.UtcDateTime, await LastActivityAfterARequestAtAsync(session, user, _signIn.AddSeconds(59)));
        Assert.Equal(_signIn.AddSeconds(61).UtcDateTime, await LastActivityAfterARequestAtAsync(session, user, _signIn.AddSeconds(61)));
        Assert.Equal(_signIn.AddSeconds(61).UtcDateTime, await LastActivityAfterARequestAtAsync(session, user, _signIn.AddSeconds(90)));
    }

    [Fact]
    public async Task A_user_ends_only_its_own_sessions_and_never_the_current_one_with_the_others()
    {
        var (pauline, elodie) = (await UserAsync("pdufour"), await UserAsync("efontaine"));
        var (current, other, third) = (await StartAsync(pauline, Firefox, "192.0.2.1"), await StartAsync(pauline, Firefox, "192.0.2.2"), await StartAsync(pauline, Firefox, "192.0.2.3"));
        var elodies = await StartAsync(elodie, Firefox, "192.0.2.4");
        await using var db = _database.CreateContext();
        var sessions = Sessions(db, _signIn.AddMinutes(1));

        Assert.False(await sessions.EndAsync(pauline.Id, elodies.Id, default));
        Assert.True(await sessions.IsInForceAsync(elodies.Id, elodie.Id, default));
        Assert.True(await sessions.EndAsync(pauline.Id, other.Id, default));
        Assert.Equal(1, await sessions.EndOthersAsync(pauline.Id, current.Id, default));

        Assert.Equal([current.Id], (await sessions.ListAsync(pauline.Id, default)).Select(s => s.Id));
        Assert.False(await sessions.IsInForceAsync(third.Id, pauline.Id, default));
        Assert.Equal([elodies.Id], (await sessions.ListAsync(elodie.Id, default)).Select(s => s.Id));
    }

    [Fact]
    public async Task The_list_holds_the_sessions_in_force_only_and_sign_in_deletes_the_rows_over_by_their_lifetime()
    {
        var user = await UserAsync("pdufour");
        var now = _signIn.AddHours(12).UtcDateTime;
        // Signed in twelve hours ago, active a minute ago; idle for 31 minutes and a second; idle for 31 minutes; active now.
        var old = Row(user, now.AddHours(-12), now.AddMinutes(-1));
        var idle = Row(user, now.AddHours(-1), now.AddMinutes(-31).AddSeconds(-1));
        var quiet = Row(user, now.AddHours(-1), now.AddMinutes(-31));
        var active = Row(user, now.AddHours(-1), now);
        await using (var db = _database.CreateContext())
        {
            db.UserSessions.AddRange(old, idle, quiet, active);
            await db.SaveChangesAsync();
        }

        await using (var db = _database.CreateContext())
        {
            // The last activity noted may be a minute late: 31 minutes is listed, a second more is not.
            Assert.Equal([active.Id, quiet.Id], (await Sessions(db, now).ListAsync(user.Id, default)).Select(s => s.Id));
        }

        var next = await StartAsync(await UserAsync("efontaine"), Firefox, "192.0.2.4", now);
        await using (var db = _database.CreateContext())
        {
            Assert.Equal(new[] { quiet.Id, active.Id, next.Id }.Order(), (await db.UserSessions.Select(s => s.Id).ToListAsync()).Order());
        }
    }

    [Fact]
    public async Task Sessions_begun_before_the_account_s_stamp_changed_are_not_listed()
    {
        var user = await UserAsync("pdufour");
        var before = await StartAsync(user, Firefox, "192.0.2.1");
        await using (var db = _database.CreateContext())
        {
            var tracked = await db.Users.SingleAsync(u => u.Id == user.Id);
            tracked.Deactivate();
            tracked.Reactivate();
            await db.SaveChangesAsync();
            user = tracked;
        }

        var after = await StartAsync(user, Firefox, "192.0.2.2");

        await using var read = _database.CreateContext();
        Assert.Equal([after.Id], (await Sessions(read, _signIn.AddMinutes(1)).ListAsync(user.Id, default)).Select(s => s.Id));
        Assert.NotEqual(before.Id, after.Id);
    }

    private async Task<DateTime> LastActivityAfterARequestAtAsync(UserSession session, User user, DateTimeOffset at)
    {
        await using var db = _database.CreateContext();
        Assert.True(await Sessions(db, at).IsInForceAsync(session.Id, user.Id, default));
        await using var read = _database.CreateContext();
        return DateTime.SpecifyKind(await read.UserSessions.Where(s => s.Id == session.Id).Select(s => s.LastActivityAt).SingleAsync(), DateTimeKind.Utc);
    }

    private static UserSession Row(User user, DateTime createdAt, DateTime lastActivityAt) => new()
    {
        UserId = user.Id,
        CreatedAt = createdAt,
        LastActivityAt = lastActivityAt,
        SecurityStamp = user.SecurityStamp,
        UserAgent = Firefox,
        ClientAddress = "192.0.2.x",
    };

    private static UserSessions Sessions(Data.ChorusAccountDbContext db, DateTimeOffset now) => new(db, new FixedTimeProvider(now), _idle, _absolute);

    private async Task<UserSession> StartAsync(User user, string? userAgent, string address, DateTimeOffset? at = null)
    {
        await using var db = _database.CreateContext();
        var now = at ?? _signIn;
        return await Sessions(db, now).StartAsync(user, userAgent, IPAddress.Parse(address), now, default);
    }

    private async Task<User> UserAsync(string login)
    {
        var user = new User { Login = login, LastName = "DUFOUR", FirstName = "Pauline", ContactEmail = login + "@mairie-exemple.fr" };
        await using var db = _database.CreateContext();
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }
}
