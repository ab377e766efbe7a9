using System.Text.RegularExpressions;
using ChorusAccount.Browser.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ChorusAccount.Browser.Tests;

/// <summary>The operators' imports pages in a real browser, checked with axe: the demo extract's run and its detail.</summary>
public sealed class OpsPagesTests(ITestOutputHelper output) : PortalBrowserTest(output)
{
    [Fact]
    public async Task Operator_reads_the_imports_and_the_demo_extract_s_run_without_accessibility_violations()
    {
        var operatorUser = await Host.OperatorAsync();
        await using var browser = await BrowserSession.StartAsync(Output, nameof(Operator_reads_the_imports_and_the_demo_extract_s_run_without_accessibility_violations));
        var page = browser.Page;

        await page.GotoAsync(new Uri(Host.BaseAddress, "ops/imports").ToString());
        await page.GetByLabel("Identifiant").FillAsync(operatorUser.Login);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();

        await page.WaitForURLAsync(new Regex("/ops/imports$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Imports MADRHAS");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Lancer l'import" })).ToBeVisibleAsync();
        await browser.CheckPageAsync("ops-imports");

        await page.GetByRole(AriaRole.Link, new() { Name = "madrhas-demo.csv" }).First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Import de madrhas-demo.csv");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Aucune ligne rejetée.");
        await browser.CheckPageAsync("ops-import-run");

        Assert.True(browser.Violations.Count == 0, "Accessibility violations:\n" + string.Join("\n", browser.Violations));
    }

    [Fact]
    public async Task Operator_sees_the_digests_of_the_day_and_a_refused_mailbox_then_starts_the_sending()
    {
        var operatorUser = await Host.OperatorAsync();
        var refused = await Host.CreateUserAsync();
        var served = await Host.CreateUserAsync();
        var today = ChorusAccount.Core.ParisDate.Today(TimeProvider.System);
        await Host.WithDbAsync(async db =>
        {
            db.NotificationDigests.Add(new ChorusAccount.Core.Notifications.NotificationDigest
            {
                UserId = refused.Id,
                Day = today,
                Status = ChorusAccount.Core.Notifications.DigestStatus.Failed,
                Recipient = refused.ContactEmail,
                LastError = "550 5.1.1 Mailbox unavailable",
                CreatedAt = DateTime.UtcNow,
                NextAttemptAt = DateTime.UtcNow,
            });
            db.NotificationDigests.Add(new ChorusAccount.Core.Notifications.NotificationDigest
            {
                UserId = served.Id,
                Day = today,
                Status = ChorusAccount.Core.Notifications.DigestStatus.Sent,
                CreatedAt = DateTime.UtcNow,
                NextAttemptAt = DateTime.UtcNow,
                SentAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        });
        await using var browser = await BrowserSession.StartAsync(Output, nameof(Operator_sees_the_digests_of_the_day_and_a_refused_mailbox_then_starts_the_sending));
        var page = browser.Page;

        await page.GotoAsync(new Uri(Host.BaseAddress, "ops/imports").ToString());
        await page.GetByLabel("Identifiant").FillAsync(operatorUser.Login);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/ops/imports$"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Récapitulatifs quotidiens" }).ClickAsync();

        await page.WaitForURLAsync(new Regex("/ops/digests$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Récapitulatifs quotidiens");
        await Assertions.Expect(page.Locator("#digest-failures")).ToContainTextAsync(refused.Login);
        await Assertions.Expect(page.Locator("#digest-failures")).ToContainTextAsync("550 5.1.1 Mailbox unavailable");
        await Assertions.Expect(page.Locator("#digest-days tbody tr").First).ToContainTextAsync(today.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture));
        await browser.CheckPageAsync("ops-digests");

        await page.GetByRole(AriaRole.Button, new() { Name = "Lancer l'envoi" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("L'envoi des récapitulatifs est lancé.");
        await browser.CheckPageAsync("ops-digests-launched");

        Assert.True(browser.Violations.Count == 0, "Accessibility violations:\n" + string.Join("\n", browser.Violations));
    }

    [Fact]
    public async Task Operator_finds_the_structure_of_a_request_nobody_can_decide_without_accessibility_violations()
    {
        var operatorUser = await Host.OperatorAsync();
        var requester = await Host.CreateUserAsync();
        var structure = new ChorusAccount.Core.Structures.Structure
        {
            Identifier = "21450999900016",
            CompanyName = "SYNDICAT SANS GESTIONNAIRE " + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant(),
            City = "Orléans",
            CreatedAt = DateTime.UtcNow,
        };
        await Host.WithDbAsync(async db =>
        {
            db.Structures.Add(structure);
            db.Memberships.Add(new ChorusAccount.Core.Memberships.Membership
            {
                UserId = requester.Id,
                StructureId = structure.Id,
                Status = ChorusAccount.Core.Memberships.MembershipStatus.Pending,
                StartDate = new DateOnly(2026, 1, 1),
                RequestedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        });
        await using var browser = await BrowserSession.StartAsync(Output, nameof(Operator_finds_the_structure_of_a_request_nobody_can_decide_without_accessibility_violations));
        var page = browser.Page;

        await page.GotoAsync(new Uri(Host.BaseAddress, "ops/imports").ToString());
        await page.GetByLabel("Identifiant").FillAsync(operatorUser.Login);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/ops/imports$"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Demandes sans gestionnaire" }).ClickAsync();

        await page.WaitForURLAsync(new Regex("/ops/demandes-sans-gestionnaire$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Demandes sans gestionnaire");
        var row = page.Locator("#requests-without-decider tbody tr", new() { HasText = structure.CompanyName });
        await Assertions.Expect(row).ToContainTextAsync(requester.Login);
        await Assertions.Expect(row).ToContainTextAsync("Rattachement");
        await browser.CheckPageAsync("ops-requests-without-decider");

        Assert.True(browser.Violations.Count == 0, "Accessibility violations:\n" + string.Join("\n", browser.Violations));
    }
}
