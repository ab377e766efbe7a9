using ChorusAccount.Core.Notifications;
using Microsoft.Extensions.Options;

namespace ChorusAccount.Web.Mail;

/// <summary>Sends one email through the SMTP relay with MailKit (decision emails; the digest has its own pipeline).</summary>
public sealed class SmtpMailSender(IOptions<MailOptions> options, SmtpConnector connector) : IMailSender
{
    public async Task SendAsync(OutgoingMail mail, CancellationToken ct)
    {
        using var client = await connector.ConnectAsync(ct);
        await client.SendAsync(MimeMessages.Create(options.Value.From, mail), ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}
