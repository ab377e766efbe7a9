using System.Collections.Concurrent;
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
/// previous address. Texts are read from the resources once per language, not once per message; what a digest says to
/// everyone (the HTML around the content, the links, the footer, the day's introduction) is written once per language
/// (<see cref="Template"/>) and each digest fills in its own subject, greeting and events, each line written once for both
/// parts; a Subject header is encoded once per distinct subject. The recipient is read by
/// the rule that let the address in (<see cref="ContactEmail"/>): an address it refuses — one stored before the rule —
/// throws <see cref="UnusableAddressException"/>, and the transports record that message as failed for good.
/// </summary>
public sealed class DigestMailRenderer
{
    // Subjects are few in a run (a language, a day, a count of events): each is encoded once, its header copied per message.
    private const int SubjectsKept = 4096;

    private readonly Dictionary<UserLanguage, Template> _templates;
    private readonly MailboxAddress _from;
    private readonly string _messageIdDomain;
    private readonly Uri _portal;
    private readonly Uri _account;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, Header> _subjects = new(StringComparer.Ordinal);

    // The builders of the two parts, kept by each sending thread: a digest's writing allocates its parts, not their drafts.
    private const int BuilderKept = 64 * 1024;
    [ThreadStatic] private static StringBuilder? _textBuilder;
    [ThreadStatic] private static StringBuilder? _htmlBuilder;

    // French text as it is, not as numeric entities (the same choice as the pages').
    private static readonly HtmlEncoder _html = HtmlEncoder.Create(UnicodeRanges.All);

    public DigestMailRenderer(IStringLocalizer<UiText> t, IOptions<MailOptions> mail, IOptions<NotificationsOptions> notifications, TimeProvider clock)
    {
        _clock = clock;
        _from = MailboxAddress.Parse(mail.Value.From);
        _messageIdDomain = _from.Domain;
        var portal = notifications.Value.PortalBaseUrl;
        _portal = new Uri(portal.EndsWith('/') ? portal : portal + "/");
        _account = new Uri(_portal, "mon-compte");
        _templates = new()
        {
            [UserLanguage.French] = new Template(Texts.Read(t, LocalizationSetup.French), _portal, _account),
            [UserLanguage.English] = new Template(Texts.Read(t, LocalizationSetup.English), _portal, _account),
        };
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
        var template = _templates[digest.Language];
        var texts = template.Texts;
        if (digest.Decision is { } decision)
        {
            return RenderDecision(digest, decision, texts);
        }

        if (digest.EmailChange is { } change)
        {
            return RenderEmailChange(digest, change, texts);
        }

        var day = template.Day(digest.Digest.Day);
        var subject = string.Format(texts.Culture, texts.Subject, day.Text, digest.EventCount);
        var message = NewMessage(digest, subject);
        message.Headers.Add("Content-Language", texts.Culture.TwoLetterISOLanguageName);
        var (text, html) = Bodies(digest, template, day, subject);
        var alternative = new MultipartAlternative
        {
            new TextPart("plain") { Text = text },
            new TextPart("html") { Text = html },
        };
        message.Body = alternative;
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
        message.Body = PlainBody(bodyText.ReplaceLineEndings("\r\n") + "\r\n\r\n" + string.Format(culture, texts.Footer, _account) + "\r\n", culture);
        return message;
    }

    // No footer about « Recevoir des notifications »: this notice is sent whatever the box says.
    private MimeMessage RenderEmailChange(DigestContent digest, ContactEmailChangeMail change, Texts texts)
    {
        var culture = texts.Culture;
        var at = LocalizationSetup.ToParis(change.ChangedAt);
        var body = string.Format(culture, texts.EmailChangeBody, digest.DisplayName, ContactEmail.Mask(change.NewAddress),
            at.ToString("d", culture), at.ToString("t", culture), _account);
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

        var message = new MimeMessage();
        message.Headers.Replace(SubjectHeader(subject));
        message.From.Add(_from);
        message.To.Add(to);
        message.MessageId = MessageId(digest);
        message.Date = _clock.GetUtcNow();
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("X-Auto-Response-Suppress", "All");
        return message;
    }

    // The Subject header as MimeKit encodes it (RFC 2047 for the accented words), encoded once per distinct subject.
    private Header SubjectHeader(string subject)
    {
        if (!_subjects.TryGetValue(subject, out var header))
        {
            if (_subjects.Count >= SubjectsKept)
            {
                _subjects.Clear();
            }

            header = _subjects.GetOrAdd(subject, s => new Header(HeaderId.Subject, s));
        }

        return header.Clone();
    }

    // A Content-* header belongs to the body: set on the message, MimeKit would drop it with the body it replaces.
    private static TextPart PlainBody(string text, CultureInfo culture)
    {
        var part = new TextPart("plain") { Text = text };
        part.Headers.Add("Content-Language", culture.TwoLetterISOLanguageName);
        return part;
    }

    // The plain text and the HTML in one pass: each title and line is written once, then put in both.
    private static (string Text, string Html) Bodies(DigestContent digest, Template template, DayTexts day, string subject)
    {
        var texts = template.Texts;
        var e = _html;
        var text = _textBuilder ??= new StringBuilder(2048);
        var html = _htmlBuilder ??= new StringBuilder(4096);
        text.Clear();
        html.Clear();
        var greeting = string.Format(texts.Culture, texts.Greeting, digest.DisplayName);
        text.Append(greeting).Append("\r\n\r\n").Append(day.Intro).Append("\r\n");
        html.Append(template.HtmlHead).Append(e.Encode(subject)).Append(template.HtmlBodyStart)
            .Append("<p>").Append(e.Encode(greeting)).Append("</p>").Append(day.IntroHtml);
        foreach (var structure in digest.Structures)
        {
            var title = StructureTitle(structure, texts);
            text.Append("\r\n== ").Append(title).Append(" ==\r\n");
            html.Append("<h2 style=\"font-size:1.25em\">").Append(e.Encode(title)).Append("</h2>");
            foreach (var group in structure.Groups)
            {
                var groupTitle = GroupTitle(group, texts);
                var count = group.Items.Count.ToString(texts.Culture);
                text.Append("\r\n").Append(groupTitle).Append(" (").Append(count).Append(")\r\n");
                html.Append("<h3 style=\"font-size:1.1em\">").Append(e.Encode(groupTitle)).Append(" (").Append(count).Append(")</h3><ul>");
                foreach (var item in group.Items)
                {
                    var line = ItemLine(structure, group, item, texts);
                    text.Append("  - ").Append(line).Append("\r\n");
                    html.Append("<li>").Append(e.Encode(line)).Append("</li>");
                }

                html.Append("</ul>");
            }
        }

        text.Append("\r\n");
        html.Append("<ul>");
        foreach (var link in Links(digest, template))
        {
            text.Append(link.Text);
            html.Append(link.Html);
        }

        text.Append(template.FooterText);
        html.Append(template.FooterHtml);
        var written = (text.ToString(), html.ToString());
        if (text.Capacity > BuilderKept || html.Capacity > BuilderKept)
        {
            // An unusually long digest: its builders are not kept.
            _textBuilder = _htmlBuilder = null;
        }

        return written;
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

    // Which links a digest carries, by the kinds of its events.
    private static IEnumerable<Link> Links(DigestContent digest, Template template)
    {
        var kinds = digest.Structures.SelectMany(s => s.Groups).Select(g => g.Kind).ToHashSet();
        if (kinds.Contains(NotificationEventKind.InvoiceStatus))
        {
            yield return template.LinkInvoices;
        }

        if (kinds.Contains(NotificationEventKind.PendingRequest) || kinds.Contains(NotificationEventKind.PendingReminder))
        {
            yield return template.LinkManager;
        }

        if (kinds.Contains(NotificationEventKind.RequestDecision) || kinds.Contains(NotificationEventKind.SubscriptionDecision) || kinds.Contains(NotificationEventKind.RequestExpired)
            || kinds.Contains(NotificationEventKind.MembershipEnding) || kinds.Contains(NotificationEventKind.MembershipEnded))
        {
            yield return template.LinkAccount;
        }
    }

    /// <summary>A link of the digest, as its plain text line and its HTML list item.</summary>
    private sealed record Link(string Text, string Html)
    {
        public static Link Of(string label, Uri url) =>
            new($"{label} : {url}\r\n", $"<li><a href=\"{_html.Encode(url.ToString())}\">{_html.Encode(label)}</a></li>");
    }

    /// <summary>The day's texts of a language: the date as written, and the introduction in plain text and in HTML.</summary>
    private sealed record DayTexts(DateOnly Day, string Text, string Intro, string IntroHtml);

    /// <summary>
    /// What a digest in one language says to everyone, written once: the HTML around the content, the links and the
    /// footer in plain text and in HTML, and the day's introduction (kept for the last day asked, the run's day).
    /// Each digest fills in its own subject, greeting, structures and events.
    /// </summary>
    private sealed class Template
    {
        private DayTexts? _day;

        public Template(Texts texts, Uri portal, Uri account)
        {
            Texts = texts;
            var language = texts.Culture.TwoLetterISOLanguageName;
            HtmlHead = $"<!DOCTYPE html><html lang=\"{language}\"><head><meta charset=\"utf-8\"><title>";
            HtmlBodyStart = "</title></head><body style=\"font-family:Marianne,Arial,sans-serif;color:#161616;line-height:1.5\">";
            LinkInvoices = Link.Of(texts.LinkInvoices, portal);
            LinkManager = Link.Of(texts.LinkManager, new Uri(portal, "activites-gestionnaire"));
            LinkAccount = Link.Of(texts.LinkAccount, account);
            var footer = string.Format(texts.Culture, texts.Footer, account);
            FooterText = "\r\n" + footer + "\r\n";
            FooterHtml = "</ul><p style=\"font-size:0.875em;color:#666\">" + _html.Encode(footer) + "</p></body></html>";
        }

        public Texts Texts { get; }
        public string HtmlHead { get; }
        public string HtmlBodyStart { get; }
        public Link LinkInvoices { get; }
        public Link LinkManager { get; }
        public Link LinkAccount { get; }
        public string FooterText { get; }
        public string FooterHtml { get; }

        public DayTexts Day(DateOnly day)
        {
            if (Volatile.Read(ref _day) is { } kept && kept.Day == day)
            {
                return kept;
            }

            var text = day.ToString("d MMMM yyyy", Texts.Culture);
            var intro = string.Format(Texts.Culture, Texts.Intro, text);
            var written = new DayTexts(day, text, intro, "<p>" + _html.Encode(intro) + "</p>");
            Volatile.Write(ref _day, written);
            return written;
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
