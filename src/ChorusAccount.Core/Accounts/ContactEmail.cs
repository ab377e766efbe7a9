using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using ChorusAccount.Core.Data;
using MimeKit;

namespace ChorusAccount.Core.Accounts;

/// <summary>
/// A usable contact email: one rule for the « Mon compte » form and the MADRHAS import, judged by the parser that sends
/// the emails (MimeKit, strict), so that an address accepted where it is typed is always one the mailer can address.
/// </summary>
public static partial class ContactEmail
{
    // The parser's strict mode: a comma, an open comment, consecutive dots or a missing domain are refused, where the
    // default (loose) options would guess.
    private static readonly ParserOptions _strict = Strict();

    /// <summary>
    /// True when <paramref name="value"/> is one plain mailbox address: at most <see cref="FieldLengths.Email"/>
    /// characters, no control, bidi or formatting character (<see cref="PlainText"/>), one « @ », no space, quote,
    /// bracket or other special character, a dotted domain of letters, digits and hyphens; and MimeKit's strict parser
    /// reads it as exactly that address (no display name, no comment, nothing added or dropped).
    /// </summary>
    public static bool IsUsable([NotNullWhen(true)] string? value) => TryMailbox(null, value, out _);

    /// <summary>The mailbox an email is sent to, named <paramref name="name"/>, when <paramref name="address"/> is usable (<see cref="IsUsable"/>).</summary>
    public static bool TryMailbox(string? name, [NotNullWhen(true)] string? address, [NotNullWhen(true)] out MailboxAddress? mailbox)
    {
        mailbox = null;
        if (address is null || address.Length > FieldLengths.Email || !PlainText.IsPlain(address) || !Shape().IsMatch(address)
            || !MailboxAddress.TryParse(_strict, address, out var parsed)
            || !string.Equals(parsed.Address, address, StringComparison.Ordinal) || !string.IsNullOrEmpty(parsed.Name) || parsed.Route.Count > 0)
        {
            return false;
        }

        parsed.Name = name;
        mailbox = parsed;
        return true;
    }

    /// <summary>
    /// The address partly hidden, as the notice of a change shows it to the previous address: the first and last
    /// characters of the local part, the domain in full (« j***t@mairie-exemple.fr »).
    /// </summary>
    public static string Mask(string address)
    {
        var at = address.LastIndexOf('@');
        var local = at < 0 ? address : address[..at];
        var domain = at < 0 ? "" : address[at..];
        // By characters, not UTF-16 units: a character outside the BMP is never cut in half.
        var runes = local.EnumerateRunes().ToList();
        var shown = runes.Count switch
        {
            0 => "",
            <= 2 => runes[0] + "***",
            _ => $"{runes[0]}***{runes[^1]}",
        };
        return shown + domain;
    }

    private static ParserOptions Strict()
    {
        var options = ParserOptions.Default.Clone();
        options.AddressParserComplianceMode = RfcComplianceMode.Strict;
        options.AllowAddressesWithoutDomain = false;
        options.AllowUnquotedCommasInAddresses = false;
        return options;
    }

    // A shape check before the parser: one @, no spaces or specials in the local part, a dotted domain of letters,
    // digits and hyphens (no address literal, no trailing dot).
    [GeneratedRegex(@"^[^@\s""(),:;<>\[\]\\]+@[\p{L}\p{N}]([\p{L}\p{N}-]*[\p{L}\p{N}])?(\.[\p{L}\p{N}]([\p{L}\p{N}-]*[\p{L}\p{N}])?)+$")]
    private static partial Regex Shape();
}
