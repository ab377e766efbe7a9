using System.Net.Sockets;
using System.Threading.Channels;
using ChorusAccount.Core.Notifications;
using MailKit;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ChorusAccount.Web.Mail;

/// <summary>A digest ready to go: its outbox row and its content, written as a message by the connection that sends it.</summary>
public sealed record PreparedDigest(ClaimedDigest Digest, DigestContent Content)
{
    public string Recipient => Content.Email;
}

/// <summary>
/// Delivers digests as they come; reports one result for every message it takes. A message that cannot be written or
/// addressed (<see cref="DigestTransport.Write"/>) is reported failed for good, and the others go on.
/// </summary>
public interface IDigestTransport
{
    /// <param name="waitForServer">
    /// A server that cannot be reached is tried again after a pause (the daily run); false gives up at the first failure,
    /// the messages back in the queue untouched (the minute's outbox run: the next minute is its retry).
    /// </param>
    /// <param name="ct">Stops taking messages; a message being sent is finished and reported, never abandoned half-way.</param>
    Task RunAsync(ChannelReader<PreparedDigest> messages, ChannelWriter<DeliveryResult> results, bool waitForServer, CancellationToken ct);
}

/// <summary>What the transports share: writing a message, or the reason it cannot be written.</summary>
public static class DigestTransport
{
    /// <summary>
    /// The message of <paramref name="item"/>, or null and the error to record: an address the mailer cannot use
    /// (<see cref="UnusableAddressException"/>) or any other fault of the writing (a resource, a value) fails this one
    /// message for good — written again, it would fail again — and never the run.
    /// </summary>
    public static MimeMessage? Write(DigestMailRenderer renderer, PreparedDigest item, ILogger logger, out string? error)
    {
        try
        {
            error = null;
            return renderer.Render(item.Content);
        }
        catch (UnusableAddressException e)
        {
            logger.LogWarning("Outbox row {Digest} of user {User}: unusable address, failed for good", item.Digest.Id, item.Digest.UserId);
            error = e.Message;
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogError(e, "Outbox row {Digest} of user {User}: the message cannot be written, failed for good", item.Digest.Id, item.Digest.UserId);
            error = "Message impossible à écrire : " + e.Message;
            return null;
        }
    }
}

/// <summary>
/// MailKit over SMTP: <see cref="MailOptions.SmtpConnections"/> connections in parallel, each kept open for many messages.
/// A reply 5xx refuses that digest for good; 4xx, a lost connection or a timeout is transient (retried later with
/// backoff). A connection that cannot be opened sends the digest back to the queue untouched and the worker waits. A
/// message that cannot be written (<see cref="DigestTransport.Write"/>), or that the client refuses before the server
/// has it, fails for good; the connection goes on with the next one.
/// </summary>
public sealed class SmtpDigestTransport(
    SmtpConnector connector, DigestMailRenderer renderer, IOptions<MailOptions> options, TimeProvider clock, ILogger<SmtpDigestTransport> logger) : IDigestTransport
{
    private const int ConnectFailuresBeforeGivingUp = 5;

    public Task RunAsync(ChannelReader<PreparedDigest> messages, ChannelWriter<DeliveryResult> results, bool waitForServer, CancellationToken ct) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.SmtpConnections)
            .Select(_ => Task.Run(() => WorkAsync(messages, results, waitForServer ? ConnectFailuresBeforeGivingUp : 1, ct), CancellationToken.None)));

    private async Task WorkAsync(ChannelReader<PreparedDigest> messages, ChannelWriter<DeliveryResult> results, int connectFailuresBeforeGivingUp, CancellationToken ct)
    {
        SmtpClient? client = null;
        var connectFailures = 0;
        try
        {
            while (!ct.IsCancellationRequested && await WaitAsync(messages, ct) && messages.TryRead(out var item))
            {
                if (client is null)
                {
                    try
                    {
                        client = await connector.ConnectAsync(ct);
                        connectFailures = 0;
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                    {
                        connectFailures++;
                        logger.LogWarning(e, "SMTP connection failed ({Failures} in a row)", connectFailures);
                        await results.WriteAsync(new DeliveryResult(item.Digest, DeliveryOutcome.Released), CancellationToken.None);
                        if (connectFailures >= connectFailuresBeforeGivingUp)
                        {
                            logger.LogError("SMTP server unreachable: this connection gives up, its digests stay queued");
                            return;
                        }

                        if (!await PauseAsync(DigestQueue.Backoff(options.Value.RetryDelay, connectFailures), ct))
                        {
                            return;
                        }

                        continue;
                    }
                    catch (OperationCanceledException)
                    {
                        await results.WriteAsync(new DeliveryResult(item.Digest, DeliveryOutcome.Released), CancellationToken.None);
                        return;
                    }
                }

                // Too late to start: the send could outlast the claim, and another run may take the digest then.
                if (clock.GetUtcNow().UtcDateTime > item.Digest.SendBy)
                {
                    await results.WriteAsync(new DeliveryResult(item.Digest, DeliveryOutcome.Released), CancellationToken.None);
                    continue;
                }

                // Written here, just before it is sent: a message lives milliseconds, not the time it waits in the queue.
                var message = DigestTransport.Write(renderer, item, logger, out var writeError);
                var (outcome, error) = message is null ? (DeliveryOutcome.Permanent, writeError) : await SendAsync(client, message);
                if (outcome != DeliveryOutcome.Sent && !client.IsConnected)
                {
                    client.Dispose();
                    client = null;
                }

                await results.WriteAsync(new DeliveryResult(item.Digest, outcome, item.Recipient, error), CancellationToken.None);
            }
        }
        finally
        {
            if (client is not null)
            {
                await QuitAsync(client);
            }
        }
    }

    // The run's token is not passed: cancelling in the middle of DATA could leave a message half-sent, and one
    // cancelled after the final dot would be delivered without being recorded. The client's timeout bounds the wait.
    private async Task<(DeliveryOutcome, string?)> SendAsync(SmtpClient client, MimeMessage message)
    {
        try
        {
            await client.SendAsync(message, CancellationToken.None);
            return (DeliveryOutcome.Sent, null);
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
        {
            return (DeliveryOutcome.Permanent, $"{(int)e.StatusCode} {e.Message}");
        }
        catch (SmtpCommandException e)
        {
            return (DeliveryOutcome.Transient, $"{(int)e.StatusCode} {e.Message}");
        }
        catch (Exception e) when (e is SmtpProtocolException or IOException or SocketException or ServiceNotConnectedException or TimeoutException or OperationCanceledException)
        {
            return (DeliveryOutcome.Transient, e.Message);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or ParseException or NotSupportedException)
        {
            // Refused by the client before the server had it (a recipient it cannot write, say): the same again would
            // fail again. The connection is dropped if it was hurt.
            logger.LogError(e, "A message refused by the SMTP client, failed for good");
            return (DeliveryOutcome.Permanent, e.Message);
        }
    }

    private async Task<bool> PauseAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, clock, ct);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<bool> WaitAsync(ChannelReader<PreparedDigest> messages, CancellationToken ct)
    {
        try
        {
            return await messages.WaitToReadAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task QuitAsync(SmtpClient client)
    {
        try
        {
            if (client.IsConnected)
            {
                using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await client.DisconnectAsync(quit: true, quit.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or SmtpProtocolException or OperationCanceledException)
        {
            // The messages are recorded already; a failed QUIT loses nothing.
        }
        finally
        {
            client.Dispose();
        }
    }
}

/// <summary>
/// The embedded default: each digest written as `digest-{day}-{id}.eml`, each decision email as `decision-{day}-{id}.eml`,
/// each notice of a contact email change as `email-change-{day}-{id}.eml`.
/// Writing one again replaces it: never two files.
/// </summary>
public sealed class PickupFolderDigestTransport(
    DigestMailRenderer renderer, IOptions<MailOptions> options, IHostEnvironment environment, ILogger<PickupFolderDigestTransport> logger) : IDigestTransport
{
    public async Task RunAsync(ChannelReader<PreparedDigest> messages, ChannelWriter<DeliveryResult> results, bool waitForServer, CancellationToken ct)
    {
        var folder = Path.Combine(environment.ContentRootPath, options.Value.PickupFolder);
        Directory.CreateDirectory(folder);
        while (!ct.IsCancellationRequested && await messages.WaitToReadAsync(CancellationToken.None) && messages.TryRead(out var item))
        {
            if (DigestTransport.Write(renderer, item, logger, out var error) is not { } message)
            {
                await results.WriteAsync(new DeliveryResult(item.Digest, DeliveryOutcome.Permanent, item.Recipient, error), CancellationToken.None);
                continue;
            }

            var path = Path.Combine(folder, $"{DigestMailRenderer.Kind(item.Content)}-{item.Digest.Day:yyyyMMdd}-{item.Digest.Id:N}.eml");
            var temporary = path + ".tmp";
            await message.WriteToAsync(temporary, CancellationToken.None);
            File.Move(temporary, path, overwrite: true);
            await results.WriteAsync(new DeliveryResult(item.Digest, DeliveryOutcome.Sent, item.Recipient), CancellationToken.None);
        }
    }
}
