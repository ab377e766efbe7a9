using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Net;
using ChorusAccount.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace ChorusAccount.Core.Accounts;

/// <summary>The portal's sessions kept on the server (<see cref="UserSession"/>).</summary>
/// <param name="idle">A session unused this long has ended (<c>Session:IdleTimeout</c>).</param>
/// <param name="absolute">A session ends this long after its sign-in (<c>Session:AbsoluteTimeout</c>).</param>
public sealed class UserSessions(ChorusAccountDbContext db, TimeProvider clock, TimeSpan idle, TimeSpan absolute)
{
    /// <summary>How precise « Dernière activité » is: a session's row is written at most this often, not at every request.</summary>
    public static readonly TimeSpan ActivityPrecision = TimeSpan.FromMinutes(1);

    // The check of every signed-in request: one primary-key read, compiled once per model (the SQLite, PostgreSQL and
    // SQL Server models differ; a compiled query is bound to the first model it runs on).
    private static readonly ConcurrentDictionary<IModel, Func<ChorusAccountDbContext, Guid, Guid, Task<DateTime?>>> _lastActivity = new();

    private static Func<ChorusAccountDbContext, Guid, Guid, Task<DateTime?>> LastActivity(ChorusAccountDbContext db) =>
        _lastActivity.GetOrAdd(db.Model, _ => EF.CompileAsyncQuery(
            (ChorusAccountDbContext db, Guid id, Guid userId) =>
                db.UserSessions.Where(s => s.Id == id && s.UserId == userId).Select(s => (DateTime?)s.LastActivityAt).FirstOrDefault()));

    /// <summary>
    /// A new session for a sign-in, from <paramref name="userAgent"/> and <paramref name="address"/>, both kept shortened.
    /// The rows of sessions over by their lifetime (anybody's) go at the same time, so that the table holds sessions in
    /// force only, give or take the last minute. Saves the context's pending changes with the new row.
    /// </summary>
    /// <param name="now">The sign-in's instant, the one the session cookie's absolute end is counted from.</param>
    public async Task<UserSession> StartAsync(User user, string? userAgent, IPAddress? address, DateTimeOffset now, CancellationToken ct)
    {
        var at = now.UtcDateTime;
        // Exactly those InForce leaves out.
        var (createdBy, activeBefore) = (at - absolute, at - idle - ActivityPrecision);
        await db.UserSessions.Where(s => s.CreatedAt <= createdBy || s.LastActivityAt < activeBefore).ExecuteDeleteAsync(ct);
        var session = new UserSession
        {
            UserId = user.Id,
            CreatedAt = at,
            LastActivityAt = at,
            SecurityStamp = user.SecurityStamp,
            UserAgent = Cut(userAgent ?? "", FieldLengths.UserAgent),
            ClientAddress = ClientAddress.Shorten(address),
        };
        db.UserSessions.Add(session);
        await db.SaveChangesAsync(ct);
        return session;
    }

    /// <summary>
    /// True while the session <paramref name="sessionId"/> of <paramref name="userId"/> has not been ended; notes the
    /// activity when the last one noted is <see cref="ActivityPrecision"/> old. Idle and absolute ends are the cookie's.
    /// </summary>
    public async Task<bool> IsInForceAsync(Guid sessionId, Guid userId, CancellationToken ct)
    {
        var last = await LastActivity(db)(db, sessionId, userId);
        if (last is null)
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (now - last.Value >= ActivityPrecision)
        {
            await db.UserSessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastActivityAt, now), ct);
        }

        return true;
    }

    /// <summary>« Mes sessions »: the user's sessions in force, the most recently active first.</summary>
    public async Task<IReadOnlyList<UserSession>> ListAsync(Guid userId, CancellationToken ct) =>
        await db.UserSessions.AsNoTracking()
            .Where(s => s.UserId == userId)
            .Where(InForce(clock.GetUtcNow().UtcDateTime))
            .Where(s => s.SecurityStamp == db.Users.Where(u => u.Id == userId).Select(u => u.SecurityStamp).FirstOrDefault())
            .OrderByDescending(s => s.LastActivityAt).ThenByDescending(s => s.CreatedAt)
            .ToListAsync(ct);

    /// <summary>Ends one session of <paramref name="userId"/>: false when it has none of that id (another's, or over).</summary>
    public async Task<bool> EndAsync(Guid userId, Guid sessionId, CancellationToken ct) =>
        await db.UserSessions.Where(s => s.Id == sessionId && s.UserId == userId).ExecuteDeleteAsync(ct) > 0;

    /// <summary>« Mettre fin à toutes les autres sessions »: every session of <paramref name="userId"/> but <paramref name="currentSessionId"/>.</summary>
    public async Task<int> EndOthersAsync(Guid userId, Guid currentSessionId, CancellationToken ct) =>
        await db.UserSessions.Where(s => s.UserId == userId && s.Id != currentSessionId).ExecuteDeleteAsync(ct);

    /// <summary>Every session of <paramref name="userId"/> (a deactivated account).</summary>
    public async Task<int> EndAllAsync(Guid userId, CancellationToken ct) =>
        await db.UserSessions.Where(s => s.UserId == userId).ExecuteDeleteAsync(ct);

    // In force by its lifetime: signed in less than the absolute lifetime ago, and active within the idle one (the last
    // activity noted may be up to ActivityPrecision old: a session in force is never left out).
    private Expression<Func<UserSession, bool>> InForce(DateTime now)
    {
        var (createdAfter, activeAfter) = (now - absolute, now - idle - ActivityPrecision);
        return s => s.CreatedAt > createdAfter && s.LastActivityAt >= activeAfter;
    }

    private static string Cut(string value, int length) => value.Length <= length ? value : value[..length];
}
