using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace ChorusAccount.Web.Tests.Infrastructure;

/// <summary>Every Serilog event a portal writes, kept for assertions. Registered as an <see cref="ILogEventSink"/> service,
/// which the portal's Serilog set-up (<c>ReadFrom.Services</c>) adds to its sinks.</summary>
public sealed class CapturedLog : ILogEventSink
{
    /// <summary>The message template of Serilog's request log: one event per request, when it ends.</summary>
    public const string RequestTemplate = Web.Infrastructure.RequestLogging.MessageTemplate;

    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyList<LogEvent> Events => [.. _events];

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    /// <summary>The request log event of a path, once the request has ended.</summary>
    public Task<LogEvent> RequestAsync(string method, string path, TimeSpan timeout) =>
        WaitForAsync(e => e.MessageTemplate.Text == RequestTemplate && Scalar(e, "RequestMethod") as string == method && Scalar(e, "RequestPath") as string == path,
            $"request log for {method} {path}", timeout);

    /// <summary>The first event matching <paramref name="match"/>, waiting for it: the request log is written once the
    /// answer has gone, so it may come after the client has read it.</summary>
    public async Task<LogEvent> WaitForAsync(Func<LogEvent, bool> match, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var done = Events.FirstOrDefault(match);
            if (done is not null)
            {
                return done;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no {what} within {timeout}; logged:\n{string.Join('\n', Events.Select(e => e.RenderMessage()))}");
            await Task.Delay(50);
        }
    }

    /// <summary>The events written under a <see cref="Microsoft.Extensions.Logging.EventId"/> number (Serilog keeps it as
    /// the structured property <c>EventId</c>, with its <c>Id</c> and <c>Name</c>).</summary>
    public IReadOnlyList<LogEvent> WithEventId(int id) => [.. Events.Where(e => Equals(EventIdPart(e, "Id"), id))];

    /// <summary>The <c>Id</c> or <c>Name</c> of an event's <c>EventId</c>.</summary>
    public static object? EventIdPart(LogEvent e, string part) =>
        e.Properties.TryGetValue("EventId", out var value) && value is StructureValue structure
            ? (structure.Properties.FirstOrDefault(p => p.Name == part)?.Value as ScalarValue)?.Value
            : null;

    /// <summary>Every event, as text: the rendered message, each property and the exception.</summary>
    public IEnumerable<string> AllText() =>
        Events.SelectMany(e => new[] { e.RenderMessage(), e.Exception?.ToString() ?? "" }.Concat(e.Properties.Select(p => p.Value.ToString())));

    public static object? Scalar(LogEvent e, string property) =>
        e.Properties.TryGetValue(property, out var value) && value is ScalarValue scalar ? scalar.Value : null;

    public string Describe() => string.Join('\n', Events.Select(e => $"{e.Level} {Scalar(e, "SourceContext")}: {e.RenderMessage()} {e.Exception?.GetType().Name}"));
}
