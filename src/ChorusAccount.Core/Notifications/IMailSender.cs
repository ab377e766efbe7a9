namespace ChorusAccount.Core.Notifications;

/// <summary>A plain-text email to one recipient.</summary>
public sealed record OutgoingMail(string To, string Subject, string Body);

/// <summary>Sends emails: SMTP in production, a pickup folder of .eml files by default.</summary>
public interface IMailSender
{
    Task SendAsync(OutgoingMail mail, CancellationToken ct);
}
