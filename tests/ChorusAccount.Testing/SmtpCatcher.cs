using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.IO;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace ChorusAccount.Testing;

/// <summary>
/// The tests' SMTP server on loopback: the protocol is the SmtpServer library's (EHLO/HELO, MAIL, RCPT, DATA with
/// dot-unstuffing, RSET, NOOP, QUIT; PIPELINING offered, as real servers do; every connection greeted and served on its
/// own). What is ours is what a test needs around it: it counts the messages it accepts per recipient and per
/// Message-ID and keeps them (or only the first one, for the digest benchmark), and misbehaves on demand as a network or
/// a mail server would: refuse (5xx) or defer (4xx) a mailbox, drop the connection after a message or in the middle of
/// one, or hold — stop answering at the end of a message until told to drop the connection. A message counts as
/// delivered once its final dot came and the server answers it 250, never before.
/// </summary>
public sealed class SmtpCatcher : IDisposable
{
    private static readonly byte[] _headerEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] _lineEnd = "\r\n"u8.ToArray();

    private readonly bool _keepMessages;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly SmtpServer.SmtpServer _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<(string[] Recipients, byte[] Data)> _kept = [];
    private readonly Dictionary<string, int> _perRecipient = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _perMessageId = new(StringComparer.Ordinal);
    private readonly HashSet<Connection> _open = [];
    private readonly List<TaskCompletionSource> _held = [];
    private TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _accepted;
    private int _refused;
    private int? _dropAfter;
    private int? _dropDuring;
    private int? _holdFrom;
    private volatile bool _down;
    private Func<string, string?>? _recipientReply;
    private byte[]? _sample;

    /// <param name="keepMessages">Keep every message (tests read them); false keeps only counts and the first one (benchmark).</param>
    public SmtpCatcher(bool keepMessages = true)
    {
        _keepMessages = keepMessages;
        _listener.Start();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint((IPEndPoint)_listener.LocalEndpoint).SessionTimeout(TimeSpan.FromHours(1)))
            // Refusals are the tests' own doing: a connection is never closed for having been refused too often.
            .MaxRetryCount(int.MaxValue / 2)
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Listeners(this));
        services.Add((IMessageStore)new Mailboxes(this));
        services.Add((IMailboxFilter)new Mailboxes(this));
        _server = new SmtpServer.SmtpServer(options, services);
        _ = _server.StartAsync(_stop.Token);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Messages accepted since the server started.</summary>
    public int Count => Volatile.Read(ref _accepted);

    /// <summary>The first message accepted, as received (dot-unstuffed), or null.</summary>
    public byte[]? Sample => Volatile.Read(ref _sample);

    /// <summary>Every message accepted, parsed (only when the server keeps them).</summary>
    public IReadOnlyList<MimeMessage> Messages => Parse(_ => true);

    /// <summary>The messages accepted for any of these envelope recipients, parsed.</summary>
    public IReadOnlyList<MimeMessage> MessagesTo(IEnumerable<string> addresses)
    {
        var set = addresses.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return Parse(recipients => recipients.Any(set.Contains));
    }

    /// <summary>Messages accepted for this envelope recipient.</summary>
    public int CountTo(string address)
    {
        lock (_gate)
        {
            return _perRecipient.GetValueOrDefault(address);
        }
    }

    /// <summary>Messages accepted with this Message-ID (without its angle brackets).</summary>
    public int CountOf(string messageId)
    {
        lock (_gate)
        {
            return _perMessageId.GetValueOrDefault(messageId);
        }
    }

    /// <summary>Closes the connection right after the server accepted the n-th message from now (its 250 reaches the client).</summary>
    public void DropAfterNextMessages(int n)
    {
        lock (_gate)
        {
            _dropAfter = _accepted + n;
        }
    }

    /// <summary>Closes the connection when the n-th message from now ends, before answering its final dot: not delivered.</summary>
    public void DropDuringMessage(int n)
    {
        lock (_gate)
        {
            _dropDuring = _accepted + n;
        }
    }

    /// <summary>
    /// The server is down until <see cref="Up"/>: every connection is closed as soon as it is opened, before the greeting,
    /// as a relay that stopped would leave its clients (nothing is delivered).
    /// </summary>
    public void Down() => _down = true;

    /// <summary>The server answers again.</summary>
    public void Up() => _down = false;

    /// <summary>Connections closed unanswered while the server was down.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>The reply to give for RCPT TO (e.g. "550 5.1.1 …"); null accepts the recipient.</summary>
    public void AnswerRecipients(Func<string, string?>? reply)
    {
        lock (_gate)
        {
            _recipientReply = reply;
        }
    }

    /// <summary>
    /// Accepts n more messages, then holds: every connection that ends a message gets no answer to its final dot (the
    /// message is not delivered) until <see cref="DropHeldConnections"/>.
    /// </summary>
    public void HoldAfterNextMessages(int n)
    {
        lock (_gate)
        {
            _holdFrom = _accepted + n;
        }
    }

    /// <summary>Connections waiting for the answer to their final dot.</summary>
    public int Held
    {
        get
        {
            lock (_gate)
            {
                return _held.Count;
            }
        }
    }

    /// <returns>True once a connection is held; false if none was within the timeout.</returns>
    public async Task<bool> WaitUntilHoldingAsync(TimeSpan timeout)
    {
        Task holding;
        lock (_gate)
        {
            holding = _holding.Task;
        }

        return await Task.WhenAny(holding, Task.Delay(timeout)) == holding;
    }

    /// <summary>Ends the hold: the held connections are closed without an answer (their messages were never delivered).</summary>
    public void DropHeldConnections()
    {
        lock (_gate)
        {
            _holdFrom = null;
            foreach (var held in _held)
            {
                held.TrySetResult();
            }

            _held.Clear();
            _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _server.Shutdown();
        _listener.Stop();
        DropHeldConnections();
        Connection[] open;
        lock (_gate)
        {
            open = [.. _open];
        }

        foreach (var connection in open)
        {
            connection.Dispose();
        }
    }

    private List<MimeMessage> Parse(Func<string[], bool> wanted)
    {
        if (!_keepMessages)
        {
            throw new InvalidOperationException("This server keeps only the first message: read Sample, Count, CountTo or CountOf.");
        }

        List<byte[]> data;
        lock (_gate)
        {
            data = [.. _kept.Where(m => wanted(m.Recipients)).Select(m => m.Data)];
        }

        return [.. data.Select(d => MimeMessage.Load(new MemoryStream(d)))];
    }

    /// <summary>The RCPT answer a test asked for, as SmtpServer sends it: the reply thrown, the transaction going on.</summary>
    private void AnswerRecipient(string address)
    {
        string? refusal;
        lock (_gate)
        {
            refusal = _recipientReply?.Invoke(address);
        }

        if (refusal is not null)
        {
            throw new SmtpResponseException(new SmtpResponse((SmtpReplyCode)int.Parse(refusal[..3], System.Globalization.CultureInfo.InvariantCulture), refusal[4..]));
        }
    }

    /// <summary>The end of a message: delivered and answered 250, or cut, or held, as the test asked.</summary>
    private async Task<SmtpResponse> EndOfMessageAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        TaskCompletionSource? hold = null;
        bool cut = false, dropAfter = false;
        var recipients = transaction.To.Select(to => to.AsAddress()).ToArray();
        var messageId = MessageId(buffer);
        lock (_gate)
        {
            if (_dropDuring == _accepted + 1)
            {
                _dropDuring = null;
                cut = true;
            }
            else if (_accepted >= _holdFrom)
            {
                hold = new(TaskCreationOptions.RunContinuationsAsynchronously);
                _held.Add(hold);
                _holding.TrySetResult();
            }
            else
            {
                _accepted++;
                foreach (var recipient in recipients)
                {
                    _perRecipient[recipient] = _perRecipient.GetValueOrDefault(recipient) + 1;
                }

                if (messageId is not null)
                {
                    _perMessageId[messageId] = _perMessageId.GetValueOrDefault(messageId) + 1;
                }

                if (_keepMessages || _sample is null)
                {
                    // SmtpServer hands the message without the line end before its final dot: it is given back.
                    var data = new byte[buffer.Length + _lineEnd.Length];
                    buffer.CopyTo(data);
                    _lineEnd.CopyTo(data, (int)buffer.Length);
                    _sample ??= data;
                    if (_keepMessages)
                    {
                        _kept.Add((recipients, data));
                    }
                }

                dropAfter = _dropAfter == _accepted;
                _dropAfter = dropAfter ? null : _dropAfter;
            }
        }

        if (hold is not null)
        {
            await hold.Task;
            cut = true;
        }

        if (dropAfter)
        {
            await context.Pipe.Output.WriteReplyAsync(SmtpResponse.Ok, cancellationToken);
            cut = true;
        }

        if (cut)
        {
            // The connection closes under SmtpServer, which then fails to answer: the session ends without a reply.
            context.Pipe.Dispose();
            throw new OperationCanceledException("The test server dropped the connection.");
        }

        return SmtpResponse.Ok;
    }

    /// <summary>The Message-ID header (folded lines unfolded by MimeKit), without its angle brackets; only the headers are read.</summary>
    private static string? MessageId(ReadOnlySequence<byte> message)
    {
        var reader = new SequenceReader<byte>(message);
        var headers = reader.TryReadTo(out ReadOnlySequence<byte> head, _headerEnd) ? head : message;
        using var stream = new MemoryStream(headers.ToArray());
        var value = HeaderList.Load(stream)[HeaderId.MessageId]?.Trim();
        return value is ['<', .., '>'] ? value[1..^1] : value;
    }

    /// <summary>The store and the mailbox filter SmtpServer calls: where the test's answers are given.</summary>
    private sealed class Mailboxes(SmtpCatcher catcher) : IMessageStore, IMailboxFilter
    {
        public Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken) =>
            catcher.EndOfMessageAsync(context, transaction, buffer, cancellationToken);

        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
        {
            catcher.AnswerRecipient(to.AsAddress());
            return Task.FromResult(true);
        }
    }

    /// <summary>
    /// Accepts the connections on our listener, with Nagle's algorithm off: SmtpServer's own listener leaves it on, and
    /// each pipelined reply then waits for the client's delayed acknowledgement (≈ 80 messages/s on four connections).
    /// </summary>
    private sealed class Listeners(SmtpCatcher catcher) : IEndpointListenerFactory, IEndpointListener
    {
        public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition) => this;

        public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            var client = await catcher._listener.AcceptTcpClientAsync(cancellationToken);
            while (catcher._down)
            {
                Interlocked.Increment(ref catcher._refused);
                client.Dispose();
                client = await catcher._listener.AcceptTcpClientAsync(cancellationToken);
            }

            client.NoDelay = true;
            context.Properties[EndpointListener.LocalEndPointKey] = catcher._listener.LocalEndpoint;
            context.Properties[EndpointListener.RemoteEndPointKey] = client.Client.RemoteEndPoint!;
            var connection = new Connection(catcher, client);
            lock (catcher._gate)
            {
                catcher._open.Add(connection);
            }

            return connection;
        }

        public void Dispose()
        {
        }
    }

    /// <summary>One client's connection as SmtpServer reads and writes it (plain text: the tests' relay has no TLS).</summary>
    private sealed class Connection(SmtpCatcher catcher, TcpClient client) : ISecurableDuplexPipe
    {
        public PipeReader Input { get; } = PipeReader.Create(client.GetStream());
        public PipeWriter Output { get; } = PipeWriter.Create(client.GetStream());
        public bool IsSecure => false;
        public SslProtocols SslProtocol => SslProtocols.None;

        public Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The tests' SMTP server speaks plain text only.");

        public void Dispose()
        {
            lock (catcher._gate)
            {
                catcher._open.Remove(this);
            }

            client.Dispose();
        }
    }
}
