using System.Net.Sockets;
using System.Text;
using ChorusAccount.Web.Tests.Infrastructure;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace ChorusAccount.Web.Tests.Notifications;

/// <summary>The SMTP test server the digest tests and benchmark rely on: the protocol as clients speak it, and connections served side by side.</summary>
public sealed class SmtpCatcherTests
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_message_is_dot_unstuffed_and_counted_by_recipient_and_folded_Message_ID()
    {
        using var server = new SmtpCatcher();
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", server.Port);
        using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
        await using var writer = new StreamWriter(client.GetStream(), Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };

        Assert.StartsWith("220 ", await reader.ReadLineAsync(), StringComparison.Ordinal);
        // Pipelined, as the server offers: one write, then the replies in order.
        await writer.WriteAsync("EHLO test\r\nMAIL FROM:<sender@chorus-pro.example>\r\nRCPT TO:<Agent@Mairie.example>\r\nDATA\r\n");
        var replies = new List<string>();
        while (replies.Count(r => r[3] == ' ') < 4 && await reader.ReadLineAsync() is { } line)
        {
            replies.Add(line);
        }

        Assert.Contains("250-PIPELINING", replies);
        Assert.Equal(["250", "250", "250", "354"], replies.Where(r => r[3] == ' ').Select(r => r[..3]));
        await writer.WriteAsync("Message-ID:\r\n <digest.folded@chorus-pro.example>\r\nSubject: essai\r\n\r\n..ligne qui commence par un point\r\n..\r\nfin\r\n.\r\n");
        Assert.StartsWith("250 ", await reader.ReadLineAsync(), StringComparison.Ordinal);
        await writer.WriteAsync("QUIT\r\n");
        Assert.StartsWith("221 ", await reader.ReadLineAsync(), StringComparison.Ordinal);

        var message = Assert.Single(server.Messages);
        Assert.Equal("digest.folded@chorus-pro.example", message.MessageId);
        Assert.Equal(".ligne qui commence par un point\n.\nfin\n", message.TextBody);
        Assert.Equal((1, 1, 1), (server.CountTo("agent@mairie.example"), server.CountOf("digest.folded@chorus-pro.example"), server.Count));
    }

    [Fact]
    public async Task Connections_are_served_side_by_side_while_one_waits_in_the_middle_of_a_message()
    {
        using var server = new SmtpCatcher();
        using var stalled = new TcpClient();
        await stalled.ConnectAsync("127.0.0.1", server.Port);
        await using var stalledWriter = new StreamWriter(stalled.GetStream(), Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await stalledWriter.WriteAsync("EHLO test\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nDATA\r\nSubject: sans fin\r\n\r\nà suivre\r\n");

        await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            using var client = new SmtpClient { Timeout = (int)_patience.TotalMilliseconds };
            await client.ConnectAsync("127.0.0.1", server.Port, SecureSocketOptions.None);
            var message = new MimeMessage { Subject = $"message {i}", Body = new TextPart("plain") { Text = "Bonjour" } };
            message.From.Add(MailboxAddress.Parse("ne-pas-repondre@chorus-pro.example"));
            message.To.Add(MailboxAddress.Parse($"agent{i}@mairie.example"));
            await client.SendAsync(message);
            await client.DisconnectAsync(quit: true);
        })).WaitAsync(_patience);

        Assert.Equal(8, server.Count);
        Assert.All(Enumerable.Range(0, 8), i => Assert.Equal(1, server.CountTo($"agent{i}@mairie.example")));
        Assert.Equal(0, server.CountTo("b@example.org"));
    }
}
