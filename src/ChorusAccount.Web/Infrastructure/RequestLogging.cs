using ChorusAccount.Web.Security;
using Serilog;
using Serilog.Events;

namespace ChorusAccount.Web.Infrastructure;

/// <summary>
/// Serilog's one event per request. It sits outside the exception handler, so it logs the status the client was given:
/// the error page's 500, or the handler's 499 for a client that went away (a browser navigating away, a load test
/// stopping) — inside, it saw the cancellation exception fly by and logged a 500 error that never happened.
/// Each line names the signed-in user by id (<see cref="SecurityEvents.UserId"/>, « - » without a session) and the
/// client's address (the trusted proxy's <c>X-Forwarded-For</c>, see <see cref="SecuritySetup"/>).
/// </summary>
public static class RequestLogging
{
    public const string MessageTemplate =
        "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms for user {UserId} from {ClientAddress}";

    public static WebApplication UsePortalRequestLogging(this WebApplication app)
    {
        // The host's own logger: without one the middleware would write to the static Log.Logger, which the host leaves silent.
        var logger = app.Services.GetRequiredService<Serilog.ILogger>();
        app.UseSerilogRequestLogging(o =>
        {
            o.Logger = logger;
            o.GetLevel = Level;
            o.MessageTemplate = MessageTemplate;
            // Read when the request ends: the session has been read by then (the authentication runs further in).
            o.EnrichDiagnosticContext = (diagnostics, http) =>
            {
                diagnostics.Set("UserId", SecurityEvents.UserId(http));
                diagnostics.Set("ClientAddress", SecurityEvents.ClientAddress(http));
            };
        });
        return app;
    }

    /// <summary>Error for the portal's faults (a 5xx, an exception that escaped); Information for the rest, a client that
    /// closed the connection included: its request was cancelled, nothing failed.</summary>
    public static LogEventLevel Level(HttpContext context, double elapsedMilliseconds, Exception? exception)
    {
        if (context.RequestAborted.IsCancellationRequested && exception is null or OperationCanceledException or IOException)
        {
            return LogEventLevel.Information;
        }

        return exception is not null || context.Response.StatusCode >= StatusCodes.Status500InternalServerError ? LogEventLevel.Error : LogEventLevel.Information;
    }
}
