using ChorusAccount.Core.Notifications;
using MimeKit;

namespace ChorusAccount.Web.Mail;

internal static class MimeMessages
{
    public static MimeMessage Create(string from, OutgoingMail mail)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(mail.To));
        message.Subject = mail.Subject;
        message.Body = new TextPart("plain") { Text = mail.Body };
        return message;
    }
}
