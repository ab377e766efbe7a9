using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;
using netDumbster.smtp;

namespace ChorusAccount.Web.Tests.Infrastructure;

/// <summary>
/// A real SMTP server on loopback (netDumbster) behind a small relay that can misbehave on demand, as a network or a
/// mail server would: refuse a mailbox (5xx) or defer it (4xx), drop the connection between two messages, or in the
/// middle of one (before its final dot, so the server never keeps it). The portal talks to the relay's port.
/// </summary>
public sealed class SmtpCatcher : IDisposable
{
    private static readonly Encoding _bytes = Encoding.Latin1;
    private readonly SimpleSmtpServer _server = netDumbster.smtp.Configuration.Configure().WithAddress(IPAddress.Loopback).WithRandomPort().Build();
    private readonly TcpListener _relay = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private int _accepted;
    private int? _dropAfter;
    private int? _dropDuring;
    private Func<string, string?>? _recipientReply;

    public SmtpCatcher()
    {
        _relay.Start();
        _ = AcceptAsync();
    }

    /// <summary>The port the portal connects to.</summary>
    public int Port => ((IPEndPoint)_relay.LocalEndpoint).Port;

    /// <summary>Messages the server kept since it started, parsed.</summary>
    public IReadOnlyList<MimeMessage> Messages =>
        [.. _server.ReceivedEmail.Select(m => MimeMessage.Load(new MemoryStream(_bytes.GetBytes(m.Data))))];

    public IReadOnlyList<MimeMessage> MessagesTo(IEnumerable<string> addresses)
    {
        var set = addresses.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return [.. Messages.Where(m => m.To.Mailboxes.Any(a => set.Contains(a.Address)))];
    }

    public int Count => _server.ReceivedEmailCount;

    /// <summary>Closes the connection right after the server accepted the n-th message from now (its 250 reaches the client).</summary>
    public void DropAfterNextMessages(int n)
    {
        lock (_gate)
        {
            _dropAfter = _accepted + n;
        }
    }

    /// <summary>Closes the connection when the n-th message from now ends, before its final dot: the server never keeps it.</summary>
    public void DropDuringMessage(int n)
    {
        lock (_gate)
        {
            _dropDuring = _accepted + n;
        }
    }

    /// <summary>The reply to give for RCPT TO instead of the server's (e.g. "550 5.1.1 …"); null lets the server answer.</summary>
    public void AnswerRecipients(Func<string, string?>? reply)
    {
        lock (_gate)
        {
            _recipientReply = reply;
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _relay.Stop();
        _server.Stop();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _relay.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var _ = client;
        using var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, _server.Configuration.Port);
            using var fromClient = new StreamReader(client.GetStream(), _bytes);
            using var toClient = new StreamWriter(client.GetStream(), _bytes) { NewLine = "\r\n", AutoFlush = true };
            using var fromServer = new StreamReader(upstream.GetStream(), _bytes);
            using var toServer = new StreamWriter(upstream.GetStream(), _bytes) { NewLine = "\r\n", AutoFlush = true };
            await toClient.WriteAsync(await ReplyAsync(fromServer));
            // DATA is taken by the relay and handed to the server only once the final dot came: as on a real server, a
            // message cut before its dot is never kept (netDumbster would keep what it had read).
            List<string>? data = null;
            var needsReset = false;
            while (await fromClient.ReadLineAsync() is { } line)
            {
                if (data is not null)
                {
                    if (line != ".")
                    {
                        data.Add(line);
                        continue;
                    }

                    bool dropNow;
                    lock (_gate)
                    {
                        dropNow = _dropDuring == _accepted + 1;
                        if (dropNow)
                        {
                            _dropDuring = null;
                        }
                    }

                    if (dropNow)
                    {
                        return;
                    }

                    await toServer.WriteLineAsync("DATA");
                    var start = await ReplyAsync(fromServer);
                    if (!start.StartsWith("354", StringComparison.Ordinal))
                    {
                        await toClient.WriteAsync(start);
                        data = null;
                        continue;
                    }

                    foreach (var dataLine in data)
                    {
                        await toServer.WriteLineAsync(dataLine);
                    }

                    data = null;
                    await toServer.WriteLineAsync(".");
                    var accepted = await ReplyAsync(fromServer);
                    await toClient.WriteAsync(accepted);
                    lock (_gate)
                    {
                        _accepted++;
                        dropNow = _dropAfter == _accepted;
                        if (dropNow)
                        {
                            _dropAfter = null;
                        }
                    }

                    if (dropNow)
                    {
                        return;
                    }

                    continue;
                }

                var verb = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                if (verb == "RCPT")
                {
                    var address = line[(line.IndexOf('<') + 1)..line.LastIndexOf('>')];
                    string? reply;
                    lock (_gate)
                    {
                        reply = _recipientReply?.Invoke(address);
                    }

                    if (reply is not null)
                    {
                        needsReset = true;
                        await toClient.WriteLineAsync(reply);
                        continue;
                    }
                }

                if (verb == "MAIL" && needsReset)
                {
                    // The server saw MAIL FROM but not the refused RCPT: start its transaction again.
                    await toServer.WriteLineAsync("RSET");
                    await ReplyAsync(fromServer);
                }

                needsReset = verb != "RSET" && needsReset && verb != "MAIL";
                if (verb == "DATA")
                {
                    data = [];
                    await toClient.WriteLineAsync("354 Start mail input; end with <CRLF>.<CRLF>");
                    continue;
                }

                await toServer.WriteLineAsync(line);
                var answer = await ReplyAsync(fromServer);
                await toClient.WriteAsync(answer);
                if (verb == "QUIT")
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // A side hung up: so does the relay.
        }
    }

    // A reply is one or more lines; the last has a space after its code.
    private static async Task<string> ReplyAsync(StreamReader server)
    {
        var reply = new StringBuilder();
        while (await server.ReadLineAsync() is { } line)
        {
            reply.Append(line).Append("\r\n");
            if (line.Length < 4 || line[3] != '-')
            {
                break;
            }
        }

        return reply.ToString();
    }
}
