using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace ChorusAccount.Web.Tests.Localization;

/// <summary>Every text the views and controllers ask for exists in French and in English.</summary>
public sealed partial class UiTextTests
{
    private static readonly string _webRoot = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/ChorusAccount.Web"));

    private static HashSet<string> Keys(string file) =>
        XDocument.Load(Path.Combine(_webRoot, "Localization", file)).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();

    private static IEnumerable<string> LiteralKeysUsed() =>
        Directory.EnumerateFiles(_webRoot, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .SelectMany(f => KeyPattern().Matches(File.ReadAllText(f)).Select(m => m.Groups["key"].Value))
            .Distinct();

    [Fact]
    public void French_and_English_have_the_same_keys()
    {
        var french = Keys("UiText.resx");
        var english = Keys("UiText.en.resx");
        Assert.True(french.Count > 100, $"only {french.Count} keys found in {_webRoot}");
        Assert.Empty(french.Except(english));
        Assert.Empty(english.Except(french));
    }

    [Fact]
    public void Every_key_used_in_the_code_exists()
    {
        var known = Keys("UiText.resx");
        var used = LiteralKeysUsed().ToList();
        Assert.Contains("Account.Title", used);
        Assert.Equal([], used.Where(k => !known.Contains(k)).ToArray());
    }

    [Theory]
    [InlineData("MembershipRole", typeof(ChorusAccount.Core.Memberships.MembershipRole))]
    [InlineData("MembershipStatus", typeof(ChorusAccount.Core.Memberships.MembershipStatus))]
    [InlineData("IdentifierType", typeof(ChorusAccount.Core.Structures.StructureIdentifierType))]
    [InlineData("SubscriptionMode", typeof(ChorusAccount.Core.Subscriptions.SubscriptionMode))]
    [InlineData("SubscriptionStatus", typeof(ChorusAccount.Core.Subscriptions.SubscriptionStatus))]
    [InlineData("DocumentRefusal", typeof(ChorusAccount.Core.Documents.DocumentRefusal))]
    [InlineData("SubscriptionRefusal", typeof(ChorusAccount.Core.Subscriptions.SubscriptionRefusal))]
    [InlineData("Cookies.Purpose", typeof(ChorusAccount.Web.Security.PortalCookieKind))]
    [InlineData("Cookies.Lifetime", typeof(ChorusAccount.Web.Security.PortalCookieKind))]
    public void Every_value_shown_from_an_enumeration_has_a_text(string prefix, Type enumeration)
    {
        var known = Keys("UiText.resx");
        Assert.Equal([], Enum.GetNames(enumeration).Select(n => $"{prefix}.{n}").Where(k => !known.Contains(k)).ToArray());
    }

    [Fact]
    public void Every_audited_field_and_action_has_a_text()
    {
        var known = Keys("UiText.resx");
        var fields = new[] { "Civility", "LastName", "FirstName", "ContactEmail", "AddressLine1", "AddressLine2", "PostalCode", "City", "Country", "Language", "ReceiveNotifications" };
        Assert.Equal([], fields.Select(f => "Field." + f).Where(k => !known.Contains(k)).ToArray());
        Assert.Equal([], Enum.GetNames<Core.Accounts.UserLanguage>().Append("True").Append("False").Select(v => "AuditValue." + v).Where(k => !known.Contains(k)).ToArray());
        Assert.Contains("AuditAction." + Core.Accounts.UpdateProfile.ValidatedAction, known);
        Assert.Contains("AuditAction." + Core.Accounts.UpdateProfile.UpdatedAction, known);
        Assert.Contains("AuditAction." + Core.Documents.AddDocument.AddedAction, known);
        Assert.Contains("AuditAction." + Core.Documents.DeleteDocuments.DeletedAction, known);
        Assert.Contains("Field.Designation", known);
        Assert.Contains("Field.FileName", known);
        var subscriptionsAndMemberships = Core.Subscriptions.SubscriptionAudit.Actions.Concat([
            Core.Memberships.RequestMembership.RequestedAction, Core.Memberships.DecideMemberships.ApprovedAction, Core.Memberships.DecideMemberships.RefusedAction,
            Core.Memberships.DeleteMemberships.EndedAction, Core.Memberships.DeleteMemberships.HandedOverAction, Core.Memberships.DeleteMemberships.ReceivedAction,
            Core.Madrhas.MadrhasImporter.ChangedAction,

            Core.Memberships.WithdrawRequest.MembershipAction, Core.Memberships.WithdrawRequest.SubscriptionAction,
            Core.Memberships.FollowUpPendingRequests.MembershipExpiredAction, Core.Memberships.FollowUpPendingRequests.SubscriptionExpiredAction]);
        Assert.Equal([], subscriptionsAndMemberships.Select(a => "AuditAction." + a).Where(k => !known.Contains(k)).ToArray());
        var audited = new[] { "Structure", "Service", "Space", "Mode", Core.Subscriptions.SubscriptionAudit.StatusField, "Status", "Role", "PrimaryManager", "Validity" };
        Assert.Equal([], audited.Select(f => "Field." + f).Where(k => !known.Contains(k)).ToArray());
    }

    [GeneratedRegex(@"\b[tT]\[""(?<key>[A-Za-z0-9_.]+)""")]
    private static partial Regex KeyPattern();
}
