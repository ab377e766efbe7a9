using ChorusAccount.Web.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace ChorusAccount.Web.Security;

/// <summary>
/// The security events the portal logs, in the category <see cref="Category"/>, each under a stable event id and name
/// (<see cref="EventIds"/>: the number and the name that log searches and alerts key on, and the first word of its
/// message). Each names the user by its id (<c>Users.Id</c>), never by an email address, and the client address as the
/// portal sees it (after the trusted proxy's <c>X-Forwarded-For</c>).
/// </summary>
public static partial class SecurityEvents
{
    public const string Category = "ChorusAccount.Security";

    /// <summary>The user's id in a log line when nobody is signed in.</summary>
    public const string Anonymous = "-";

    /// <summary>The events' ids; each event's name is its constant's name (<c>nameof</c>).</summary>
    public static class EventIds
    {
        public const int SignIn = 1001;
        public const int SignInRefused = 1002;
        public const int SignInFailed = 1003;
        public const int SignOut = 1004;
        public const int AccessDenied = 1005;
        public const int RateLimited = 1006;
        public const int SessionsEnded = 1007;
        public const int ImportLaunched = 1101;
        public const int DigestsLaunched = 1102;
    }

    /// <summary>The signed-in user's id as logs write it, or <see cref="Anonymous"/>.</summary>
    public static string UserId(HttpContext http) => http.User.FindFirst(PortalClaims.UserId)?.Value ?? Anonymous;

    /// <summary>The client's address as logs write it: the connection's, or the trusted proxy's forwarded one.</summary>
    public static string ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? Anonymous;

    /// <param name="userId">The account matched at the PIGP's answer.</param>
    public static void LogSignIn(HttpContext http, Guid userId) => Log.SignedIn(Logger(http), userId.ToString(), ClientAddress(http));

    /// <summary>A PIGP identity the portal does not let in.</summary>
    /// <param name="reason"><c>inconnu</c> (no account from MADRHAS), <c>desactive</c> (a deactivated account).</param>
    /// <param name="userId">The account, or null when none matches; then <paramref name="login"/> (the MADRHAS login the
    /// PIGP sent, never an email) is the only clue.</param>
    public static void LogSignInRefused(HttpContext http, string reason, Guid? userId, string? login) =>
        Log.SignInRefused(Logger(http), reason, userId?.ToString() ?? Anonymous, userId is null ? login : null, ClientAddress(http));

    public static void LogSignInFailed(HttpContext http, Exception? failure) => Log.SignInFailed(Logger(http), failure, ClientAddress(http));

    public static void LogSignOut(HttpContext http) => Log.SignedOut(Logger(http), UserId(http), ClientAddress(http));

    public static void LogAccessDenied(HttpContext http) => Log.AccessDenied(Logger(http), UserId(http), http.Request.Method, http.Request.Path, ClientAddress(http));

    public static void LogRateLimited(HttpContext http, string policy) =>
        Log.RateLimited(Logger(http), policy, http.Request.Path, UserId(http), ClientAddress(http));

    /// <summary>« Mes sessions »: the user ended <paramref name="count"/> of its other sessions.</summary>
    /// <param name="which"><c>One</c> (« Mettre fin à cette session ») or <c>Others</c> (« … toutes les autres sessions »).</param>
    public static void LogSessionsEnded(HttpContext http, string which, int count) =>
        Log.SessionsEnded(Logger(http), UserId(http), which, count, ClientAddress(http));

    /// <param name="outcome">What « Lancer l'import » did: <c>Launched</c>, <c>AlreadyRunning</c>, <c>NoExtract</c>.</param>
    public static void LogImportLaunched(HttpContext http, string outcome) => Log.ImportLaunched(Logger(http), UserId(http), outcome, ClientAddress(http));

    public static void LogDigestsLaunched(HttpContext http) => Log.DigestsLaunched(Logger(http), UserId(http), ClientAddress(http));

    private static ILogger Logger(HttpContext http) => http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.SignIn, EventName = nameof(EventIds.SignIn), Level = LogLevel.Information,
            Message = "SignIn: user {UserId} signed in from {ClientAddress}")]
        public static partial void SignedIn(ILogger logger, string userId, string clientAddress);

        [LoggerMessage(EventId = EventIds.SignInRefused, EventName = nameof(EventIds.SignInRefused), Level = LogLevel.Warning,
            Message = "SignInRefused: {Reason}, user {UserId}, login {Login}, from {ClientAddress}")]
        public static partial void SignInRefused(ILogger logger, string reason, string userId, string? login, string clientAddress);

        [LoggerMessage(EventId = EventIds.SignInFailed, EventName = nameof(EventIds.SignInFailed), Level = LogLevel.Warning,
            Message = "SignInFailed: the PIGP's answer was refused, from {ClientAddress}")]
        public static partial void SignInFailed(ILogger logger, Exception? failure, string clientAddress);

        [LoggerMessage(EventId = EventIds.SignOut, EventName = nameof(EventIds.SignOut), Level = LogLevel.Information,
            Message = "SignOut: user {UserId} signed out from {ClientAddress}")]
        public static partial void SignedOut(ILogger logger, string userId, string clientAddress);

        [LoggerMessage(EventId = EventIds.AccessDenied, EventName = nameof(EventIds.AccessDenied), Level = LogLevel.Warning,
            Message = "AccessDenied: user {UserId} refused {RequestMethod} {RequestPath} from {ClientAddress}")]
        public static partial void AccessDenied(ILogger logger, string userId, string requestMethod, string requestPath, string clientAddress);

        [LoggerMessage(EventId = EventIds.RateLimited, EventName = nameof(EventIds.RateLimited), Level = LogLevel.Warning,
            Message = "RateLimited: limit {Policy} reached on {RequestPath} by user {UserId} from {ClientAddress}")]
        public static partial void RateLimited(ILogger logger, string policy, string requestPath, string userId, string clientAddress);

        [LoggerMessage(EventId = EventIds.SessionsEnded, EventName = nameof(EventIds.SessionsEnded), Level = LogLevel.Information,
            Message = "SessionsEnded: user {UserId} ended {Count} other session(s) ({Which}) from {ClientAddress}")]
        public static partial void SessionsEnded(ILogger logger, string userId, string which, int count, string clientAddress);

        [LoggerMessage(EventId = EventIds.ImportLaunched, EventName = nameof(EventIds.ImportLaunched), Level = LogLevel.Information,
            Message = "ImportLaunched: operator {UserId} asked for the MADRHAS import ({Outcome}) from {ClientAddress}")]
        public static partial void ImportLaunched(ILogger logger, string userId, string outcome, string clientAddress);

        [LoggerMessage(EventId = EventIds.DigestsLaunched, EventName = nameof(EventIds.DigestsLaunched), Level = LogLevel.Information,
            Message = "DigestsLaunched: operator {UserId} launched the sending of the digests from {ClientAddress}")]
        public static partial void DigestsLaunched(ILogger logger, string userId, string clientAddress);
    }
}

/// <summary>Logs <see cref="SecurityEvents.EventIds.AccessDenied"/> for every request the authorization middleware forbids (an agent
/// on an operator's page, the Hangfire dashboard included), then answers as the framework does (the 403 page).</summary>
public sealed class LoggedAccessDenials : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _framework = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden)
        {
            SecurityEvents.LogAccessDenied(context);
        }

        return _framework.HandleAsync(next, context, policy, authorizeResult);
    }
}
