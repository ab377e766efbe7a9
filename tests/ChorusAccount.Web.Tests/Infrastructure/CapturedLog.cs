using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace ChorusAccount.Web.Tests.Infrastructure;

/// <summary>Every Serilog event a portal writes, kept for assertions. Registered as an <see cref="ILogEventSink"/> service,
/// which the portal's Serilog set-up (<c>ReadFrom.Services</c>) adds to its sinks.</summary>
public sealed class CapturedLog : ILogEventSink
{
    /// <summary>The message template of Serilog's request log: one event per request, when it ends.</summary>
    public const string RequestTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms";

    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyList<LogEvent> Events => [.. _events];

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    /// <summary>The request log event of a path, once the request has ended.</summary>
    public async Task<LogEvent> RequestAsync(string method, string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var done = Events.FirstOrDefault(e => e.MessageTemplate.Text == RequestTemplate && Scalar(e, "RequestMethod") as string == method && Scalar(e, "RequestPath") as string == path);
            if (done is not null)
            {
                return done;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no request log for {method} {path} within {timeout}; logged:\n{string.Join('\n', Events.Select(e => e.RenderMessage()))}");
            await Task.Delay(50);
        }
    }

    public static object? Scalar(LogEvent e, string property) =>
        e.Properties.TryGetValue(property, out var value) && value is ScalarValue scalar ? scalar.Value : null;

    public string Describe() => string.Join('\n', Events.Select(e => $"{e.Level} {Scalar(e, "SourceContext")}: {e.RenderMessage()} {e.Exception?.GetType().Name}"));
}
