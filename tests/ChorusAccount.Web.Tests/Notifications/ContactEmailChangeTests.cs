using System.Globalization;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Web.Localization;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace ChorusAccount.Web.Tests.Notifications;

/// <summary>
/// A contact email changed in « Mon compte » is told to the previous address — what it became (partly masked), when, and
/// what to do if it was not the user — by the outbox worker, never inside the request: once, even with the mail server
/// down at the time, and even with « Recevoir des notifications » unticked by the same form.
/// </summary>
public abstract class ContactEmailChangeTests(DigestPortalFixture fixture)
{
    private readonly NotificationWorld _world = new(fixture);

    private PortalHost Host => fixture.Host;

    private static string Text(MimeMessage message) => (message.TextBody ?? "").Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>The user changes its contact email in « Mon compte » (and unticks the notifications in the same post).</summary>
    private async Task<(User User, string NewAddress)> ChangeAsync(UserLanguage language = UserLanguage.French)
    {
        var user = await _world.UserAsync(language);
        var newAddress = "nouvelle." + user.Login + "@ccas-exemple.fr";
        using var agent = Host.NewAgent();
        await agent.SignInAsync(user.Login);
        var account = await agent.GetAsync("/mon-compte");
        var saved = await agent.SubmitAsync(account.Form("/mon-compte")
            .Set("Form.ContactEmail", newAddress)
            .Remove("Form.ReceiveNotifications").Set("Form.ReceiveNotifications", "false"));
        Assert.Equal("/mon-compte", saved.Uri.AbsolutePath);
        Assert.Equal(newAddress, (await Host.FindUserAsync(user.Login)).ContactEmail);
        return (user, newAddress);
    }

    /// <summary>The worker's runs until this user's outbox is empty (a busy machine may give a row back for the next run).</summary>
    private async Task DeliverAsync(User user)
    {
        for (var run = 0; run < 10 && (await _world.DigestsOfAsync(user)).Any(d => d.Status is DigestStatus.Pending or DigestStatus.Sending); run++)
        {
            await Host.RunOutboxAsync();
        }
    }

    private Task<NotificationEvent> NoticeOfAsync(User user) =>
        Host.WithDbAsync(db => db.NotificationEvents.AsNoTracking().SingleAsync(e => e.RecipientUserId == user.Id && e.Kind == NotificationEventKind.ContactEmailChanged));

    [Fact]
    public async Task The_previous_address_is_told_once_in_French_by_the_outbox_worker_with_the_masked_new_address_and_what_to_do()
    {
        var (user, newAddress) = await ChangeAsync();

        // Nothing sent inside the request: the worker sends it.
        Assert.Equal(0, fixture.Smtp.CountTo(user.ContactEmail));
        await DeliverAsync(user);

        var message = Assert.Single(fixture.Smtp.MessagesTo([user.ContactEmail]));
        Assert.Empty(fixture.Smtp.MessagesTo([newAddress]));
        Assert.Equal("Chorus Pro : l'adresse électronique de votre compte a été modifiée", message.Subject);
        Assert.Equal(user.ContactEmail, message.To.Mailboxes.Single().Address);
        Assert.Equal("fr", message.Body?.Headers["Content-Language"]);
        var outbox = Assert.Single(await _world.DigestsOfAsync(user));
        Assert.Equal((DigestStatus.Sent, $"email-change.{outbox.Id:N}@chorus-pro.example"), (outbox.Status, message.MessageId));
        var at = LocalizationSetup.ToParis((await NoticeOfAsync(user)).OccurredAt);
        var french = CultureInfo.GetCultureInfo("fr-FR");
        var text = Text(message);
        Assert.Contains("Bonjour Camille TESTEUR,", text, StringComparison.Ordinal);
        Assert.Contains(
            $"a été remplacée par {ContactEmail.Mask(newAddress)} le {at.ToString("d", french)} à {at.ToString("t", french)} (heure de Paris)",
            text, StringComparison.Ordinal);
        Assert.Equal($"n***{newAddress[newAddress.IndexOf('@', StringComparison.Ordinal) - 1]}@ccas-exemple.fr", ContactEmail.Mask(newAddress));
        Assert.DoesNotContain(newAddress[..newAddress.IndexOf('@', StringComparison.Ordinal)], text, StringComparison.Ordinal);
        Assert.Contains("Si vous n'en êtes pas à l'origine : connectez-vous au portail depuis le PIGP", text, StringComparison.Ordinal);
        Assert.Contains("rétablissez votre adresse dans « Mon compte » (https://portail.chorus.test/compte/mon-compte)", text, StringComparison.Ordinal);
        Assert.Contains("prévenez votre référent DGFiP", text, StringComparison.Ordinal);

        // Not twice: the next outbox run and the next daily digest send nothing more, to either address.
        await Host.RunOutboxAsync();
        await _world.RunAsync();
        Assert.Equal((1, 0), (fixture.Smtp.CountTo(user.ContactEmail), fixture.Smtp.CountTo(newAddress)));
        Assert.Single(await _world.DigestsOfAsync(user));
    }

    [Fact]
    public async Task An_English_speaking_user_is_told_in_English()
    {
        var (user, newAddress) = await ChangeAsync(UserLanguage.English);

        await DeliverAsync(user);

        var message = Assert.Single(fixture.Smtp.MessagesTo([user.ContactEmail]));
        Assert.Equal("Chorus Pro: the email address of your account was changed", message.Subject);
        Assert.Equal("en", message.Body?.Headers["Content-Language"]);
        var text = Text(message);
        Assert.Contains($"Hello Camille TESTEUR,\n\nThe contact email address of your Chorus Pro account was changed to {ContactEmail.Mask(newAddress)} on ", text, StringComparison.Ordinal);
        Assert.Contains("If you did not: sign in to the portal from the PIGP", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Bonjour", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_mail_server_down_the_change_is_saved_and_the_notice_goes_once_when_the_server_is_back()
    {
        User user;
        fixture.Smtp.Down();
        try
        {
            (user, _) = await ChangeAsync();
            var whileDown = await Host.RunOutboxAsync();

            Assert.Equal(0, fixture.Smtp.CountTo(user.ContactEmail));
            Assert.Equal(DigestStatus.Pending, Assert.Single(await _world.DigestsOfAsync(user)).Status);
            Assert.Equal(0, whileDown.Sent);
        }
        finally
        {
            fixture.Smtp.Up();
        }

        await DeliverAsync(user);
        await Host.RunOutboxAsync();

        Assert.Single(fixture.Smtp.MessagesTo([user.ContactEmail]));
        Assert.Equal(DigestStatus.Sent, Assert.Single(await _world.DigestsOfAsync(user)).Status);
    }
}

[Collection(SqliteDigestCollection.Name)]
public sealed class ContactEmailChangeTestsOnSqlite(SqliteDigestFixture fixture) : ContactEmailChangeTests(fixture);

[Collection(PostgreSqlDigestCollection.Name)]
public sealed class ContactEmailChangeTestsOnPostgreSql(PostgreSqlDigestFixture fixture) : ContactEmailChangeTests(fixture);
