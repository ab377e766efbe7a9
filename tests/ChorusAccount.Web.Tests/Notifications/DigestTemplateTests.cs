using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Web.Mail;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace ChorusAccount.Web.Tests.Notifications;

/// <summary>
/// The digest's template is written once per language and day and filled per user: whatever came before, each user gets
/// their own exact content, in their language, for their day — the same as a renderer that never wrote anything else.
/// </summary>
[Collection(SqliteDigestCollection.Name)]
public sealed class DigestTemplateTests(SqliteDigestFixture fixture)
{
    private static readonly DateTime _at = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Users_of_different_languages_days_and_events_each_get_their_own_exact_content()
    {
        var french = Digest(UserLanguage.French, new DateOnly(2026, 3, 2), "Camille MARTIN", "F-FR-1", "DEPOSEE", NotificationEventKind.InvoiceStatus);
        var english = Digest(UserLanguage.English, new DateOnly(2026, 3, 2), "Alex SMITH", "F-EN-1", "SUSPENDUE", NotificationEventKind.PendingRequest);
        var frenchNextDay = Digest(UserLanguage.French, new DateOnly(2026, 3, 3), "Jeanne DURAND", "F-FR-2", "REJETEE", NotificationEventKind.InvoiceStatus);
        var shared = fixture.Host.Services.GetRequiredService<DigestMailRenderer>();

        // Interleaved on one renderer, each rendered twice: the second time from what the first one kept.
        var interleaved = new[] { french, english, frenchNextDay, english, french, frenchNextDay }.Select(d => Content(shared.Render(d))).ToList();

        // Each alone, on renderers that never wrote another one.
        foreach (var (digest, first, again) in new[] { (french, 0, 4), (english, 1, 3), (frenchNextDay, 2, 5) })
        {
            var alone = Content(ActivatorUtilities.CreateInstance<DigestMailRenderer>(fixture.Host.Services).Render(digest));
            Assert.Equal(alone, interleaved[first]);
            Assert.Equal(alone, interleaved[again]);
        }

        Assert.StartsWith("Chorus Pro : votre récapitulatif du 2 mars 2026 (1 ", interleaved[0].Subject, StringComparison.Ordinal);
        Assert.StartsWith("Chorus Pro: your summary of ", interleaved[1].Subject, StringComparison.Ordinal);
        Assert.StartsWith("Chorus Pro : votre récapitulatif du 3 mars 2026 (1 ", interleaved[2].Subject, StringComparison.Ordinal);
        Assert.Contains("Bonjour Camille MARTIN,", interleaved[0].Text, StringComparison.Ordinal);
        Assert.Contains("F-FR-1", interleaved[0].Html, StringComparison.Ordinal);
        Assert.DoesNotContain("F-EN-1", interleaved[0].Text, StringComparison.Ordinal);
        Assert.Contains("Hello Alex SMITH,", interleaved[1].Text, StringComparison.Ordinal);
        Assert.Contains("lang=\"en\"", interleaved[1].Html, StringComparison.Ordinal);
        Assert.Contains("activites-gestionnaire", interleaved[1].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Bonjour", interleaved[1].Text, StringComparison.Ordinal);
        Assert.Contains("Bonjour Jeanne DURAND,", interleaved[2].Text, StringComparison.Ordinal);
        Assert.Contains("3 mars 2026", interleaved[2].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("2 mars 2026", interleaved[2].Text, StringComparison.Ordinal);
    }

    private static (string Subject, string Text, string Html, string To) Content(MimeMessage message) =>
        (message.Subject ?? "", message.TextBody ?? "", message.HtmlBody ?? "", message.To.ToString());

    private static DigestContent Digest(UserLanguage language, DateOnly day, string name, string invoice, string status, NotificationEventKind kind)
    {
        var claimed = new ClaimedDigest(Guid.NewGuid(), Guid.NewGuid(), day, _at, _at, 0, Guid.NewGuid(), _at.AddHours(1));
        var item = new DigestItem(invoice, InvoiceSide.Recipient, null, null, _at);
        return new DigestContent(claimed, $"{invoice.ToLowerInvariant()}@example.test", name, language,
            [new DigestStructure(Guid.NewGuid(), "MAIRIE " + invoice, "21000000000000", [new DigestGroup(kind, status, [item])])]);
    }
}
