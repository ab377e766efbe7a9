using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Web.Tests.Infrastructure;
using ChorusAccount.Web.Tests.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Serilog.Core;
using Serilog.Events;

namespace ChorusAccount.Web.Tests.Security;

/// <summary>
/// A client that goes away in the middle of its request (a browser navigating away, a load test stopping) is no fault of
/// the portal's: its request is logged 499 at Information, and no error page is rendered for nobody. A fault of the
/// portal's is still logged 500 at Error, with its error page. PostgreSQL: its commands stop when the request is
/// cancelled (SQLite's cannot be interrupted once they wait for a lock).
/// </summary>
public sealed class ClientAbortTests : IAsyncLifetime
{
    private const string Path = "/api/invoice-events";
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(30);
    private readonly CapturedLog _log = new();
    private PortalHost _host = default!;
    private NotificationWorld _world = default!;

    public async Task InitializeAsync()
    {
        _host = PortalHost.Start(await TestDatabase.PostgreSqlAsync(), new Dictionary<string, string?>
        {
            ["Notifications:ApiKeys:0"] = DigestPortalFixture.ApiKey,
            ["Serilog:MinimumLevel:Default"] = "Information",
            // The framework's events too: which endpoints ran (the error page or not), and its own errors.
            ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Information",
        }, services => services.AddSingleton<ILogEventSink>(_log));
        _world = new NotificationWorld(_host);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_client_that_gives_up_while_the_database_works_is_logged_499_at_information_without_an_error_page()
    {
        var structure = await _world.StructureAsync();
        var e = NotificationWorld.Event(structure);
        // Another transaction holds the same event id, uncommitted: the portal's INSERT waits on the unique index.
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChorusAccountDbContext>();
        await using var blocker = await db.Database.BeginTransactionAsync();
        db.NotificationEvents.Add(new NotificationEvent
        {
            ExternalId = e["eventId"],
            Kind = NotificationEventKind.InvoiceStatus,
            StructureId = structure.Id,
            OccurredAt = DateTime.UtcNow,
            CreatedAt = DateTime.UtcNow,
        });
        await db.SaveChangesAsync();

        using var leave = new CancellationTokenSource();
        var before = _log.Events.Count;
        var posting = _world.PostRawAsync(JsonContent.Create(e), ct: leave.Token);
        await WaitUntilAsync(async () => await InsertsWaitingAsync(db.Database.GetConnectionString()!) > 0, "the portal's INSERT never waited for the lock");
        await leave.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => posting);
        // Logged while the lock is still held: the portal stopped waiting, the database did not let it through.
        var request = await _log.RequestAsync("POST", Path, _timeout);
        await blocker.RollbackAsync();

        AssertLoggedAsClientGone(request, before);
        Assert.Equal(0, await _host.WithDbAsync(d => d.NotificationEvents.CountAsync(x => x.ExternalId == e["eventId"])));
    }

    [Fact]
    public async Task A_client_that_leaves_in_the_middle_of_its_body_is_logged_499_at_information_without_an_error_page()
    {
        var structure = await _world.StructureAsync();
        var json = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(NotificationWorld.Event(structure)));
        using var content = new HalfSentContent(json[..20], json.Length);
        using var leave = new CancellationTokenSource();
        var before = _log.Events.Count;

        var posting = _world.PostRawAsync(content, ct: leave.Token);
        await content.Sent.Task.WaitAsync(_timeout);
        await WaitUntilAsync(() => Task.FromResult(_log.Events.Any(x => x.RenderMessage().Contains("InvoiceEventsController.Post", StringComparison.Ordinal))), "the action never started");
        await leave.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => posting);

        AssertLoggedAsClientGone(await _log.RequestAsync("POST", Path, _timeout), before);
    }

    [Fact]
    public async Task A_fault_of_the_portal_is_still_logged_500_at_error_with_its_error_page()
    {
        var structure = await _world.StructureAsync();
        await _host.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DROP TABLE \"NotificationEvents\""));

        using var response = await _world.PostAsync(NotificationWorld.Event(structure));
        var request = await _log.RequestAsync("POST", Path, _timeout);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal((LogEventLevel.Error, 500), (request.Level, CapturedLog.Scalar(request, "StatusCode")));
        Assert.Contains(_log.Events, x => x.Level == LogEventLevel.Error && x.Exception is PostgresException);
        Assert.Contains(_log.Events, x => x.RenderMessage().Contains("ErrorController", StringComparison.Ordinal));
    }

    /// <summary>The request's log: 499 at Information; since the request began, no error from anyone and no error page.</summary>
    private void AssertLoggedAsClientGone(LogEvent request, int eventsBefore)
    {
        var since = _log.Events.Skip(eventsBefore).ToList();
        Assert.True(request.Level == LogEventLevel.Information && CapturedLog.Scalar(request, "StatusCode") is 499, _log.Describe());
        Assert.Null(request.Exception);
        Assert.True(!since.Any(x => x.Level >= LogEventLevel.Error), _log.Describe());
        Assert.True(!since.Any(x => x.RenderMessage().Contains("ErrorController", StringComparison.Ordinal)), _log.Describe());
    }

    private static async Task<long> InsertsWaitingAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO \"NotificationEvents\"%'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string failure)
    {
        var deadline = DateTime.UtcNow + _timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(50);
        }
    }

    /// <summary>The first bytes of a body, then nothing until the client gives up: the server waits for the rest.</summary>
    private sealed class HalfSentContent : HttpContent
    {
        private readonly byte[] _start;
        private readonly long _length;

        public HalfSentContent(byte[] start, long length)
        {
            (_start, _length) = (start, length);
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        public TaskCompletionSource Sent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(_start, cancellationToken);
            await stream.FlushAsync(cancellationToken);
            Sent.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _length;
            return true;
        }
    }
}
