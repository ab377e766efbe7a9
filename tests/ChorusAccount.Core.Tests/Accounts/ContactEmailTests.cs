using ChorusAccount.Core.Accounts;
using MimeKit;

namespace ChorusAccount.Core.Tests.Accounts;

/// <summary>The one rule of a usable contact email, shared by the profile form, the MADRHAS import and the mailer.</summary>
public sealed class ContactEmailTests
{
    [Theory]
    [InlineData("jean,dupont@mairie-exemple.fr")]
    [InlineData("x(y@mairie-exemple.fr")]
    [InlineData("jean..dupont@mairie-exemple.fr")]
    [InlineData(".jean@mairie-exemple.fr")]
    [InlineData("jean.@mairie-exemple.fr")]
    [InlineData("jean@mairie-exemple..fr")]
    [InlineData("jean@mairie-exemple.fr.")]
    [InlineData("jean@-mairie.fr")]
    [InlineData("jean@mairie")]
    [InlineData("jean@[192.0.2.1]")]
    [InlineData("\"jean dupont\"@mairie-exemple.fr")]
    [InlineData("Jean <jean@mairie-exemple.fr>")]
    [InlineData("jean@mairie-exemple.fr (Jean)")]
    [InlineData("jean@mairie-exemple.fr, paul@mairie-exemple.fr")]
    [InlineData("jean @mairie-exemple.fr")]
    [InlineData("jean@dupont@mairie-exemple.fr")]
    [InlineData("je\u202Ean@mairie-exemple.fr")]
    [InlineData("jean\u0007@mairie-exemple.fr")]
    [InlineData("jean")]
    [InlineData("")]
    [InlineData(null)]
    public void An_address_the_mailer_cannot_use_is_refused(string? address)
    {
        Assert.False(ContactEmail.IsUsable(address));
        Assert.False(ContactEmail.TryMailbox("Jean DUPONT", address, out _));
    }

    [Theory]
    [InlineData("jean.dupont@mairie-exemple.fr")]
    [InlineData("o'brien+factures@ccas.mairie-exemple.fr")]
    [InlineData("j_dupont-2@exemple.gouv.fr")]
    [InlineData("élodie@mairie-éxemple.fr")]
    public void A_plain_address_is_usable_and_addressed_as_it_is(string address)
    {
        Assert.True(ContactEmail.TryMailbox("Jean DUPONT", address, out var mailbox));
        Assert.Equal((address, "Jean DUPONT"), (mailbox.Address, mailbox.Name));
        // What the mailer would have built from it, MimeKit's own reading, agrees.
        Assert.Equal(address, new MailboxAddress("Jean DUPONT", address).Address);
    }

    [Fact]
    public void An_address_longer_than_the_column_is_refused()
    {
        Assert.False(ContactEmail.IsUsable(new string('a', 64) + "@" + string.Join('.', Enumerable.Repeat(new string('b', 60), 4)) + ".fr"));
    }

    [Theory]
    [InlineData("jean.dupont@mairie-exemple.fr", "j***t@mairie-exemple.fr")]
    [InlineData("jd@mairie-exemple.fr", "j***@mairie-exemple.fr")]
    [InlineData("j@mairie-exemple.fr", "j***@mairie-exemple.fr")]
    [InlineData("\U0001F600abc\U0001F601@x.fr", "\U0001F600***\U0001F601@x.fr")]
    public void The_notice_of_a_change_shows_the_address_partly_masked(string address, string masked)
    {
        Assert.Equal(masked, ContactEmail.Mask(address));
    }
}
