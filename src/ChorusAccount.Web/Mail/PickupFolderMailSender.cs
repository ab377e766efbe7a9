using ChorusAccount.Core.Notifications;
using Microsoft.Extensions.Options;

namespace ChorusAccount.Web.Mail;

/// <summary>Writes each email as an .eml file: the embedded default, read with any mail client.</summary>
public sealed class PickupFolderMailSender(IOptions<MailOptions> options, IHostEnvironment environment) : IMailSender
{
    public async Task SendAsync(OutgoingMail mail, CancellationToken ct)
    {
        var folder = Path.Combine(environment.ContentRootPath, options.Value.PickupFolder);
        Directory.CreateDirectory(folder);
        var message = MimeMessages.Create(options.Value.From, mail);
        var path = Path.Combine(folder, $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml");
        await message.WriteToAsync(path, ct);
    }
}
