using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;

namespace ChorusAccount.Testing;

/// <summary>
/// A small SMTP server on loopback, fully asynchronous: each connection is greeted at once and served on its own
/// (EHLO/HELO, MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP, QUIT; PIPELINING offered, as real servers do). It
/// counts the messages it accepts per recipient and per Message-ID and keeps them (or only the first one, for the
/// digest benchmark), and misbehaves on demand as a network or a mail server would: refuse (5xx) or defer (4xx) a
/// mailbox, drop the connection after a message or in the middle of one, or hold — stop answering at the end of a
/// message until told to drop the connection. A message counts as delivered once its final dot came and the server
/// answers it 250, never before.
/// </summary>
public sealed class SmtpCatcher : IDisposable
{
    private static readonly byte[] _greeting = "220 localhost ESMTP chorus-test-smtp\r\n"u8.ToArray();
    private static readonly byte[] _extensions = "250-localhost\r\n250-PIPELINING\r\n250 8BITMIME\r\n"u8.ToArray();
    private static readonly byte[] _hello = "250 localhost\r\n"u8.ToArray();
    private static readonly byte[] _ok = "250 2.0.0 Ok\r\n"u8.ToArray();
    private static readonly byte[] _senderOk = "250 2.1.0 Ok\r\n"u8.ToArray();
    private static readonly byte[] _recipientOk = "250 2.1.5 Ok\r\n"u8.ToArray();
    private static readonly byte[] _startData = "354 End data with <CR><LF>.<CR><LF>\r\n"u8.ToArray();
    private static readonly byte[] _queued = "250 2.0.0 Ok: queued\r\n"u8.ToArray();
    private static readonly byte[] _bye = "221 2.0.0 Bye\r\n"u8.ToArray();
    private static readonly byte[] _needMail = "503 5.5.1 Error: need MAIL command\r\n"u8.ToArray();
    private static readonly byte[] _noRecipients = "554 5.5.1 Error: no valid recipients\r\n"u8.ToArray();
    private static readonly byte[] _unknown = "502 5.5.2 Error: command not recognized\r\n"u8.ToArray();
    private static readonly byte[] _lineEnd = "\r\n"u8.ToArray();

    private readonly bool _keepMessages;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<(string[] Recipients, byte[] Data)> _kept = [];
    private readonly Dictionary<string, int> _perRecipient = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _perMessageId = new(StringComparer.Ordinal);
    private readonly HashSet<Socket> _open = [];
    private readonly List<TaskCompletionSource> _held = [];
    private TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _accepted;
    private int? _dropAfter;
    private int? _dropDuring;
    private int? _holdFrom;
    private Func<string, string?>? _recipientReply;
    private byte[]? _sample;

    /// <param name="keepMessages">Keep every message (tests read them); false keeps only counts and the first one (benchmark).</param>
    public SmtpCatcher(bool keepMessages = true)
    {
        _keepMessages = keepMessages;
        _listener.Start();
        _ = AcceptAsync();
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
        _listener.Stop();
        DropHeldConnections();
        Socket[] open;
        lock (_gate)
        {
            open = [.. _open];
        }

        foreach (var socket in open)
        {
            socket.Dispose();
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

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            socket.NoDelay = true;
            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        lock (_gate)
        {
            _open.Add(socket);
        }

        var stream = new NetworkStream(socket, ownsSocket: true);
        var input = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        var session = new Session(stream);
        try
        {
            session.Reply(_greeting);
            await session.FlushAsync();
            while (true)
            {
                var read = await input.ReadAsync(_stop.Token);
                var buffer = read.Buffer;
                var step = Step.Continue;
                while (step == Step.Continue && TakeLine(ref buffer, out var line))
                {
                    step = session.InData ? Data(session, line) : Command(session, line);
                    if (step == Step.EndOfMessage)
                    {
                        step = await EndOfMessageAsync(session);
                    }
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                // Replies go out once the lines received so far are answered: one write for a pipelined group.
                await session.FlushAsync();
                if (step == Step.Close || read.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client hung up, or the server stops.
        }
        finally
        {
            lock (_gate)
            {
                _open.Remove(socket);
            }

            await input.CompleteAsync();
            await stream.DisposeAsync();
        }
    }

    private static bool TakeLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        if (buffer.PositionOf((byte)'\n') is not { } end)
        {
            line = default;
            return false;
        }

        line = buffer.Slice(0, end);
        buffer = buffer.Slice(buffer.GetPosition(1, end));
        return true;
    }

    private static ReadOnlySpan<byte> Content(in ReadOnlySequence<byte> line)
    {
        ReadOnlySpan<byte> span = line.IsSingleSegment ? line.FirstSpan : line.ToArray();
        return span.Length > 0 && span[^1] == '\r' ? span[..^1] : span;
    }

    private Step Command(Session session, in ReadOnlySequence<byte> line)
    {
        var text = Encoding.Latin1.GetString(Content(line));
        var verb = (text.Length > 4 ? text[..4] : text).ToUpperInvariant();
        switch (verb)
        {
            case "EHLO":
                session.Reset();
                session.Reply(_extensions);
                return Step.Continue;
            case "HELO":
                session.Reset();
                session.Reply(_hello);
                return Step.Continue;
            case "MAIL":
                session.Reset();
                session.From = Address(text);
                session.Reply(_senderOk);
                return Step.Continue;
            case "RCPT" when session.From is null:
            case "DATA" when session.From is null:
                session.Reply(_needMail);
                return Step.Continue;
            case "RCPT":
                var address = Address(text);
                string? refusal;
                lock (_gate)
                {
                    refusal = _recipientReply?.Invoke(address);
                }

                if (refusal is null)
                {
                    session.Recipients.Add(address);
                    session.Reply(_recipientOk);
                }
                else
                {
                    session.Reply(Encoding.Latin1.GetBytes(refusal + "\r\n"));
                }

                return Step.Continue;
            case "DATA" when session.Recipients.Count == 0:
                session.Reply(_noRecipients);
                return Step.Continue;
            case "DATA":
                session.StartData(keep: _keepMessages || Sample is null);
                session.Reply(_startData);
                return Step.Continue;
            case "RSET":
                session.Reset();
                session.Reply(_ok);
                return Step.Continue;
            case "NOOP":
                session.Reply(_ok);
                return Step.Continue;
            case "QUIT":
                session.Reply(_bye);
                return Step.Close;
            default:
                session.Reply(_unknown);
                return Step.Continue;
        }
    }

    private static string Address(string command)
    {
        var open = command.IndexOf('<', StringComparison.Ordinal);
        var close = open < 0 ? -1 : command.IndexOf('>', open);
        return close > open ? command[(open + 1)..close] : command[(command.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    private static Step Data(Session session, in ReadOnlySequence<byte> line)
    {
        var content = Content(line);
        if (content.Length == 1 && content[0] == '.')
        {
            return Step.EndOfMessage;
        }

        // Dot-unstuffing: a line the client began with a dot had one added.
        if (content.Length > 0 && content[0] == '.')
        {
            content = content[1..];
        }

        session.Body?.Write(content);
        session.Body?.Write(_lineEnd);
        session.ReadHeader(content);
        return Step.Continue;
    }

    private async Task<Step> EndOfMessageAsync(Session session)
    {
        TaskCompletionSource? hold = null;
        bool cut = false, dropAfter = false;
        var messageId = session.MessageId;
        var body = session.Body?.ToArray();
        var recipients = session.Recipients.ToArray();
        session.Reset();
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

                if (body is not null)
                {
                    _sample ??= body;
                    if (_keepMessages)
                    {
                        _kept.Add((recipients, body));
                    }
                }

                dropAfter = _dropAfter == _accepted;
                _dropAfter = dropAfter ? null : _dropAfter;
            }
        }

        if (cut)
        {
            return Step.Close;
        }

        if (hold is not null)
        {
            await hold.Task;
            return Step.Close;
        }

        session.Reply(_queued);
        return dropAfter ? Step.Close : Step.Continue;
    }

    private enum Step
    {
        Continue,
        EndOfMessage,
        Close,
    }

    /// <summary>One connection's transaction and its replies waiting to be written.</summary>
    private sealed class Session(NetworkStream stream)
    {
        private static readonly byte[] _messageIdHeader = "message-id:"u8.ToArray();
        private readonly ArrayBufferWriter<byte> _output = new(256);
        private bool _inHeaders;
        private bool _inMessageId;
        private StringBuilder? _messageId;

        public string? From { get; set; }
        public List<string> Recipients { get; } = [];
        public bool InData { get; private set; }
        public MemoryStream? Body { get; private set; }

        public string? MessageId
        {
            get
            {
                var value = _messageId?.ToString().Trim();
                return value is ['<', .., '>'] ? value[1..^1] : value;
            }
        }

        public void StartData(bool keep)
        {
            InData = true;
            _inHeaders = true;
            Body = keep ? new MemoryStream() : null;
        }

        // Only the Message-ID is read, folded lines included; the rest of the message is kept as bytes, or not at all.
        public void ReadHeader(ReadOnlySpan<byte> line)
        {
            if (!_inHeaders)
            {
                return;
            }

            if (line.IsEmpty)
            {
                _inHeaders = false;
            }
            else if (line[0] is (byte)' ' or (byte)'\t')
            {
                if (_inMessageId)
                {
                    _messageId!.Append(Encoding.Latin1.GetString(line));
                }
            }
            else
            {
                _inMessageId = _messageId is null && line.Length >= _messageIdHeader.Length && Ascii.EqualsIgnoreCase(line[.._messageIdHeader.Length], _messageIdHeader);
                if (_inMessageId)
                {
                    _messageId = new StringBuilder(Encoding.Latin1.GetString(line[_messageIdHeader.Length..]));
                }
            }
        }

        public void Reset()
        {
            From = null;
            Recipients.Clear();
            InData = false;
            Body = null;
            _inMessageId = false;
            _messageId = null;
        }

        public void Reply(byte[] reply) => _output.Write(reply);

        public async ValueTask FlushAsync()
        {
            if (_output.WrittenCount > 0)
            {
                await stream.WriteAsync(_output.WrittenMemory);
                _output.ResetWrittenCount();
            }
        }
    }
}
