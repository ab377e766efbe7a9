using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using ChorusAccount.Core;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Core.Subscriptions;
using ChorusAccount.Web.Configuration;
using ChorusAccount.Web.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ChorusAccount.Web.Mail;

/// <summary>
/// Writes a digest as an email in the user's language: plain text and HTML, one section per structure, one list per
/// status, links to the portal; or a decision email (<see cref="DigestContent.Decision"/>), plain text, in the requester's
/// language; or the notice of a contact email change (<see cref="DigestContent.EmailChange"/>), plain text, to the
/// previous address. Texts are read from the resources once per language, not once per message. The recipient is read by
/// the rule that let the address in (<see cref="ContactEmail"/>): an address it refuses — one stored before the rule —
/// throws <see cref="UnusableAddressException"/>, and the transports record that message as failed for good.
/// </summary>
public sealed class DigestMailRenderer
{
    private readonly Dictionary<UserLanguage, Texts> _texts;
    private readonly MailboxAddress _from;
    private readonly string _messageIdDomain;
    private readonly Uri _portal;
    private readonly TimeProvider _clock;

    // French text as it is, not as numeric entities (the same choice as the pages').
    private static readonly HtmlEncoder _html = HtmlEncoder.Create(UnicodeRanges.All);

    public DigestMailRenderer(IStringLocalizer<UiText> t, IOptions<MailOptions> mail, IOptions<NotificationsOptions> notifications, TimeProvider clock)
    {
        _clock = clock;
        _texts = new()
        {
            [UserLanguage.French] = Texts.Read(t, LocalizationSetup.French),
            [UserLanguage.English] = Texts.Read(t, LocalizationSetup.English),
        };
        _from = MailboxAddress.Parse(mail.Value.From);
        _messageIdDomain = _from.Domain;
        var portal = notifications.Value.PortalBaseUrl;
        _portal = new Uri(portal.EndsWith('/') ? portal : portal + "/");
    }

    /// <summary>
    /// The Message-ID of a digest, a decision email or the notice of a contact email change: the same at every attempt,
    /// so that a resend is recognised as the same message.
    /// </summary>
    public string MessageId(DigestContent digest) => $"{Kind(digest)}.{digest.Digest.Id:N}@{_messageIdDomain}";

    /// <summary>What a message is, as its Message-ID and its pickup file name begin: « digest », « decision » or « email-change ».</summary>
    public static string Kind(DigestContent digest) => digest.Digest.EventId is null ? PortalMetrics.DigestKind : digest.EmailChange is null ? PortalMetrics.DecisionKind : PortalMetrics.EmailChangeKind;

    /// <exception cref="UnusableAddressException">The address is not one the mailer can use.</exception>
    public MimeMessage Render(DigestContent digest)
    {
        var texts = _texts[digest.Language];
        if (digest.Decision is { } decision)
        {
            return RenderDecision(digest, decision, texts);
        }

        if (digest.EmailChange is { } change)
        {
            return RenderEmailChange(digest, change, texts);
        }

        var culture = texts.Culture;
        var day = digest.Digest.Day.ToString("d MMMM yyyy", culture);
        var message = NewMessage(digest, string.Format(culture, texts.Subject, day, digest.EventCount));
        message.Headers.Add("Content-Language", culture.TwoLetterISOLanguageName);
        var body = new BodyBuilder { TextBody = Text(digest, texts, day), HtmlBody = Html(digest, texts, day) };
        message.Body = body.ToMessageBody();
        return message;
    }

    private MimeMessage RenderDecision(DigestContent digest, DecisionMail decision, Texts texts)
    {
        var culture = texts.Culture;
        var (subject, body) = texts.Decisions[(decision.Space is not null, decision.Approved)];
        string subjectText, bodyText;
        if (decision.Space is { } space)
        {
            var spaceLabel = space.Label(digest.Language == UserLanguage.English);
            var mode = decision.Mode is { } m && texts.Modes.TryGetValue(m, out var label) ? label : "";
            subjectText = string.Format(culture, subject, spaceLabel);
            bodyText = string.Format(culture, body, decision.StructureName, spaceLabel, decision.ServiceLabel ?? texts.WholeStructure, mode, decision.Reason ?? "");
        }
        else
        {
            subjectText = string.Format(culture, subject, decision.StructureName);
            bodyText = string.Format(culture, body, decision.StructureName, decision.Reason ?? "");
        }

        var message = NewMessage(digest, subjectText);
        message.Body = PlainBody(bodyText.ReplaceLineEndings("\r\n") + "\r\n\r\n" + string.Format(culture, texts.Footer, new Uri(_portal, "mon-compte")) + "\r\n", culture);
        return message;
    }

    // No footer about « Recevoir des notifications »: this notice is sent whatever the box says.
    private MimeMessage RenderEmailChange(DigestContent digest, ContactEmailChangeMail change, Texts texts)
    {
        var culture = texts.Culture;
        var at = LocalizationSetup.ToParis(change.ChangedAt);
        var body = string.Format(culture, texts.EmailChangeBody, digest.DisplayName, ContactEmail.Mask(change.NewAddress),
            at.ToString("d", culture), at.ToString("t", culture), new Uri(_portal, "mon-compte"));
        var message = NewMessage(digest, texts.EmailChangeSubject);
        message.Body = PlainBody(body.ReplaceLineEndings("\r\n") + "\r\n", culture);
        return message;
    }

    private MimeMessage NewMessage(DigestContent digest, string subject)
    {
        if (!ContactEmail.TryMailbox(digest.DisplayName, digest.Email, out var to))
        {
            throw new UnusableAddressException();
        }

        var message = new MimeMessage { Subject = subject };
        message.From.Add(_from);
        message.To.Add(to);
        message.MessageId = MessageId(digest);
        message.Date = _clock.GetUtcNow();
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("X-Auto-Response-Suppress", "All");
        return message;
    }

    // A Content-* header belongs to the body: set on the message, MimeKit would drop it with the body it replaces.
    private static TextPart PlainBody(string text, CultureInfo culture)
    {
        var part = new TextPart("plain") { Text = text };
        part.Headers.Add("Content-Language", culture.TwoLetterISOLanguageName);
        return part;
    }

    private string Text(DigestContent digest, Texts texts, string day)
    {
        var text = new StringBuilder(2048);
        text.Append(string.Format(texts.Culture, texts.Greeting, digest.DisplayName)).Append("\r\n\r\n");
        text.Append(string.Format(texts.Culture, texts.Intro, day)).Append("\r\n");
        foreach (var structure in digest.Structures)
        {
            text.Append("\r\n== ").Append(StructureTitle(structure, texts)).Append(" ==\r\n");
            foreach (var group in structure.Groups)
            {
                text.Append("\r\n").Append(GroupTitle(group, texts)).Append(" (").Append(group.Items.Count.ToString(texts.Culture)).Append(")\r\n");
                foreach (var item in group.Items)
                {
                    text.Append("  - ").Append(ItemLine(structure, group, item, texts)).Append("\r\n");
                }
            }
        }

        text.Append("\r\n");
        foreach (var (label, url) in Links(digest, texts))
        {
            text.Append(label).Append(" : ").Append(url).Append("\r\n");
        }

        text.Append("\r\n").Append(string.Format(texts.Culture, texts.Footer, new Uri(_portal, "mon-compte"))).Append("\r\n");
        return text.ToString();
    }

    private string Html(DigestContent digest, Texts texts, string day)
    {
        var e = _html;
        var html = new StringBuilder(4096);
        html.Append("<!DOCTYPE html><html lang=\"").Append(texts.Culture.TwoLetterISOLanguageName).Append("\"><head><meta charset=\"utf-8\"><title>")
            .Append(e.Encode(string.Format(texts.Culture, texts.Subject, day, digest.EventCount))).Append("</title></head>")
            .Append("<body style=\"font-family:Marianne,Arial,sans-serif;color:#161616;line-height:1.5\">");
        html.Append("<p>").Append(e.Encode(string.Format(texts.Culture, texts.Greeting, digest.DisplayName))).Append("</p>");
        html.Append("<p>").Append(e.Encode(string.Format(texts.Culture, texts.Intro, day))).Append("</p>");
        foreach (var structure in digest.Structures)
        {
            html.Append("<h2 style=\"font-size:1.25em\">").Append(e.Encode(StructureTitle(structure, texts))).Append("</h2>");
            foreach (var group in structure.Groups)
            {
                html.Append("<h3 style=\"font-size:1.1em\">").Append(e.Encode(GroupTitle(group, texts)))
                    .Append(" (").Append(group.Items.Count.ToString(texts.Culture)).Append(")</h3><ul>");
                foreach (var item in group.Items)
                {
                    html.Append("<li>").Append(e.Encode(ItemLine(structure, group, item, texts))).Append("</li>");
                }

                html.Append("</ul>");
            }
        }

        html.Append("<ul>");
        foreach (var (label, url) in Links(digest, texts))
        {
            html.Append("<li><a href=\"").Append(e.Encode(url.ToString())).Append("\">").Append(e.Encode(label)).Append("</a></li>");
        }

        html.Append("</ul><p style=\"font-size:0.875em;color:#666\">")
            .Append(e.Encode(string.Format(texts.Culture, texts.Footer, new Uri(_portal, "mon-compte")))).Append("</p></body></html>");
        return html.ToString();
    }

    private static string StructureTitle(DigestStructure structure, Texts texts) =>
        structure.Name is null ? texts.OtherEvents : structure.Identifier is null ? structure.Name : $"{structure.Name} ({structure.Identifier})";

    private static string GroupTitle(DigestGroup group, Texts texts) => group.Kind switch
    {
        NotificationEventKind.PendingRequest => texts.PendingRequests,
        NotificationEventKind.RequestDecision => group.StatusCode == "REFUSEE" ? texts.MembershipRefused : texts.MembershipApproved,
        NotificationEventKind.SubscriptionDecision => group.StatusCode == "REFUSEE" ? texts.SubscriptionRefused : texts.SubscriptionApproved,
        NotificationEventKind.MembershipEnding => texts.MembershipsEnding,
        NotificationEventKind.MembershipEnded => texts.MembershipsEnded,
        NotificationEventKind.PendingReminder => group.StatusCode == FollowUpPendingRequests.SubscriptionCode ? texts.SubscriptionReminder : texts.MembershipReminder,
        NotificationEventKind.RequestExpired => group.StatusCode == FollowUpPendingRequests.SubscriptionCode ? texts.SubscriptionExpired : texts.MembershipExpired,
        _ => group.StatusCode is not null && texts.Statuses.TryGetValue(group.StatusCode, out var label) ? label : group.StatusCode ?? "",
    };

    private static string ItemLine(DigestStructure structure, DigestGroup group, DigestItem item, Texts texts)
    {
        var at = LocalizationSetup.ToParis(item.OccurredAt).ToString("g", texts.Culture);
        var line = new StringBuilder();
        if (group.Kind is NotificationEventKind.MembershipEnding or NotificationEventKind.MembershipEnded)
        {
            // « Le rattachement de Jean MARTIN à COMMUNE D'EXEMPLE prend fin le 17/03/2026 ».
            var format = group.Kind == NotificationEventKind.MembershipEnding ? texts.MembershipEndingItem : texts.MembershipEndedItem;
            line.Append(string.Format(texts.Culture, format, item.SubjectName, structure.Name, item.EffectiveDate?.ToString("d", texts.Culture)));
        }
        else if (group.Kind == NotificationEventKind.InvoiceStatus)
        {
            line.Append(string.Format(texts.Culture, item.Side == InvoiceSide.Sender ? texts.InvoiceSent : texts.InvoiceReceived, item.InvoiceNumber));
            if (item.ServiceCode is not null)
            {
                line.Append(", ").Append(string.Format(texts.Culture, texts.Service, item.ServiceCode));
            }

            line.Append(" — ").Append(at);
        }
        else if (group.Kind == NotificationEventKind.PendingReminder)
        {
            // A reminder is dated by the request it recalls.
            line.Append(string.Format(texts.Culture, texts.RequestedOn, at));
            if (item.ServiceCode is not null)
            {
                line.Append(", ").Append(string.Format(texts.Culture, texts.Service, item.ServiceCode));
            }
        }
        else
        {
            line.Append(at);
            if (group.Kind == NotificationEventKind.RequestExpired && item.ServiceCode is not null)
            {
                line.Append(", ").Append(string.Format(texts.Culture, texts.Service, item.ServiceCode));
            }
        }

        if (item.Reason is not null)
        {
            line.Append(" — ").Append(string.Format(texts.Culture, texts.Reason, item.Reason));
        }

        return line.ToString();
    }

    private IEnumerable<(string Label, Uri Url)> Links(DigestContent digest, Texts texts)
    {
        var kinds = digest.Structures.SelectMany(s => s.Groups).Select(g => g.Kind).ToHashSet();
        if (kinds.Contains(NotificationEventKind.InvoiceStatus))
        {
            yield return (texts.LinkInvoices, _portal);
        }

        if (kinds.Contains(NotificationEventKind.PendingRequest) || kinds.Contains(NotificationEventKind.PendingReminder))
        {
            yield return (texts.LinkManager, new Uri(_portal, "activites-gestionnaire"));
        }

        if (kinds.Contains(NotificationEventKind.RequestDecision) || kinds.Contains(NotificationEventKind.SubscriptionDecision) || kinds.Contains(NotificationEventKind.RequestExpired)
            || kinds.Contains(NotificationEventKind.MembershipEnding) || kinds.Contains(NotificationEventKind.MembershipEnded))
        {
            yield return (texts.LinkAccount, new Uri(_portal, "mon-compte"));
        }
    }

    private sealed record Texts(
        CultureInfo Culture, string Subject, string Greeting, string Intro, string OtherEvents, string PendingRequests,
        string MembershipApproved, string MembershipRefused, string SubscriptionApproved, string SubscriptionRefused,
        string InvoiceSent, string InvoiceReceived, string Service, string Reason, string LinkInvoices, string LinkManager,
        string LinkAccount, string Footer, string MembershipsEnding, string MembershipEndingItem, string MembershipsEnded, string MembershipEndedItem,
        IReadOnlyDictionary<string, string> Statuses,
        IReadOnlyDictionary<(bool Subscription, bool Approved), (string Subject, string Body)> Decisions, IReadOnlyDictionary<SubscriptionMode, string> Modes,
        string WholeStructure, string MembershipReminder, string SubscriptionReminder, string MembershipExpired, string SubscriptionExpired, string RequestedOn,
        string EmailChangeSubject, string EmailChangeBody)
    {
        public static Texts Read(IStringLocalizer<UiText> t, CultureInfo culture)
        {
            var ui = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = culture;
            try
            {
                return new(
                    culture, t["Digest.Subject"], t["Digest.Greeting"], t["Digest.Intro"], t["Digest.OtherEvents"], t["Digest.PendingRequests"],
                    t["Digest.MembershipApproved"], t["Digest.MembershipRefused"], t["Digest.SubscriptionApproved"], t["Digest.SubscriptionRefused"],
                    t["Digest.InvoiceSent"], t["Digest.InvoiceReceived"], t["Digest.Service"], t["Digest.Reason"], t["Digest.LinkInvoices"],
                    t["Digest.LinkManager"], t["Digest.LinkAccount"], t["Digest.Footer"],
                    t["Digest.MembershipsEnding"], t["Digest.MembershipEndingItem"], t["Digest.MembershipsEnded"], t["Digest.MembershipEndedItem"],
                    InvoiceStatusCodes.All.ToDictionary(code => code, code => t[$"InvoiceStatus.{code}"].Value, StringComparer.Ordinal),
                    new Dictionary<(bool, bool), (string, string)>
                    {
                        [(false, true)] = Mail("Mail.MembershipApproved"),
                        [(false, false)] = Mail("Mail.MembershipRefused"),
                        [(true, true)] = Mail("Mail.SubscriptionApproved"),
                        [(true, false)] = Mail("Mail.SubscriptionRefused"),
                    },
                    Enum.GetValues<SubscriptionMode>().ToDictionary(m => m, m => t[$"SubscriptionMode.{m}"].Value),
                    t["Membership.WholeStructure"],
                    t["Digest.MembershipReminder"], t["Digest.SubscriptionReminder"], t["Digest.MembershipExpired"], t["Digest.SubscriptionExpired"],
                    t["Digest.RequestedOn"],
                    t["Mail.ContactEmailChanged.Subject"], t["Mail.ContactEmailChanged.Body"]);
            }
            finally
            {
                CultureInfo.CurrentUICulture = ui;
            }

            (string, string) Mail(string key) => (t[key + ".Subject"].Value, t[key + ".Body"].Value);
        }
    }
}

/// <summary>
/// A message whose recipient the mailer cannot address (an address stored before <see cref="ContactEmail"/> refused it):
/// the message is recorded as failed for good, the others go on.
/// </summary>
public sealed class UnusableAddressException() : Exception(Reason)
{
    /// <summary>What operators read on `/ops/digests`.</summary>
    public const string Reason = "Adresse électronique inutilisable par la messagerie : à corriger dans le compte de l'utilisateur";
}
