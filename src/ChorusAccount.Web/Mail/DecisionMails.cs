using System.Globalization;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Web.Localization;
using Microsoft.Extensions.Localization;

namespace ChorusAccount.Web.Mail;

/// <summary>Tells each requester of a manager's decision (membership or subscription), in the requester's own language.</summary>
public sealed class DecisionMails(IMailSender sender, IStringLocalizer<UiText> t, ILogger<DecisionMails> logger)
{
    public async Task SendAsync(IReadOnlyList<DecisionNotice> notices, CancellationToken ct)
    {
        var ui = CultureInfo.CurrentUICulture;
        try
        {
            foreach (var notice in notices)
            {
                var english = notice.Language == UserLanguage.English;
                CultureInfo.CurrentUICulture = english ? CultureInfo.GetCultureInfo("en") : CultureInfo.GetCultureInfo("fr");
                await TrySendAsync(Compose(notice, english), ct);
            }
        }
        finally
        {
            CultureInfo.CurrentUICulture = ui;
        }
    }

    private OutgoingMail Compose(DecisionNotice notice, bool english)
    {
        var kind = notice.Decision == RequestDecision.Approve ? "Approved" : "Refused";
        if (notice.Subscription is not { } subscription)
        {
            var body = t[$"Mail.Membership{kind}.Body", notice.StructureName, notice.Reason ?? ""].Value;
            return new OutgoingMail(notice.Email, t[$"Mail.Membership{kind}.Subject", notice.StructureName], body);
        }

        var space = subscription.SpaceLabel(english);
        var service = subscription.ServiceLabel ?? t["Membership.WholeStructure"].Value;
        var mode = t[$"SubscriptionMode.{subscription.Mode}"].Value;
        return new OutgoingMail(
            notice.Email,
            t[$"Mail.Subscription{kind}.Subject", space],
            t[$"Mail.Subscription{kind}.Body", notice.StructureName, space, service, mode, notice.Reason ?? ""].Value);
    }

    // The decision is already saved: a mail server down must not turn it into an error page.
    private async Task TrySendAsync(OutgoingMail mail, CancellationToken ct)
    {
        try
        {
            await sender.SendAsync(mail, ct);
        }
        catch (Exception e) when (e is IOException or MailKit.Net.Smtp.SmtpCommandException or MailKit.Net.Smtp.SmtpProtocolException or System.Net.Sockets.SocketException or MailKit.Security.AuthenticationException)
        {
            logger.LogError(e, "Decision email to {Recipient} not sent", mail.To);
        }
    }
}
