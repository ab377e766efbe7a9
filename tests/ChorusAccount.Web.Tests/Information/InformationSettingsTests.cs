using ChorusAccount.Web.Tests.Security;

namespace ChorusAccount.Web.Tests.Information;

/// <summary>The `Information` settings: what a deployment says about itself reaches the footer's pages, and a missing
/// value stops the portal with the setting named.</summary>
public sealed class InformationSettingsTests
{
    [Fact]
    public async Task A_deployment_s_own_publisher_contact_and_measured_conformity_rate_are_the_ones_shown()
    {
        var database = TestDatabase.Sqlite();
        await using var host = PortalHost.Start(database, new Dictionary<string, string?>
        {
            ["Information:PublisherName"] = "Direction de test",
            ["Information:AccessibilityContactEmail"] = "a11y@test.example",
            ["Information:AccessibilityAuditDate"] = "2027-03-15",
            ["Information:AccessibilityConformityRate"] = "72",
        });
        using var anonymous = host.NewAgent();

        var statement = await anonymous.GetAsync("/accessibilite");
        var legal = await anonymous.GetAsync("/mentions-legales");

        Assert.Equal("L'audit de conformité révèle que 72 % des critères du RGAA version 4.1 sont respectés.", statement.Single("#conformity-rate").ShownText());
        Assert.False(statement.Has("#conformity-rate-not-measured"));
        Assert.Equal("mailto:a11y@test.example", statement.Single("#accessibility-contact").GetAttribute("href"));
        Assert.True(statement.Contains("Cette déclaration a été établie le 15 mars 2027."), statement.Html);
        Assert.StartsWith("Ce portail est édité par Direction de test,", legal.Single("#publisher").ShownText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Information:AccessibilityContactEmail", "", "AccessibilityContactEmail")]
    [InlineData("Information:DataProtectionContactEmail", "pas une adresse", "DataProtectionContactEmail")]
    [InlineData("Information:PublisherName", "", "PublisherName")]
    [InlineData("Information:AccessibilityConformityRate", "120", "AccessibilityConformityRate")]
    public async Task A_missing_or_wrong_value_stops_the_portal_naming_the_setting(string key, string value, string named)
    {
        var failure = await SecurityHosts.StartFailureAsync(db => PortalHost.Start(db, new Dictionary<string, string?> { [key] = value }));

        Assert.NotNull(failure);
        Assert.Contains(named, failure.ToString(), StringComparison.Ordinal);
    }
}
