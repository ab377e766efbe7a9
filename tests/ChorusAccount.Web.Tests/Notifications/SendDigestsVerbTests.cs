using System.Diagnostics;
using System.Globalization;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChorusAccount.Web.Tests.Notifications;

/// <summary>
/// `send-digests` run as an operator would, through the portal's own executable, then killed in the middle of its run
/// (a real kill: no cleanup of any kind) and run again.
/// </summary>
[Collection(SqliteDigestCollection.Name)]
public sealed class SendDigestsVerbTests(SqliteDigestFixture fixture)
{
    private readonly NotificationWorld _world = new(fixture);

    private Process Start()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var connection = _world.Host.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["ConnectionStrings:Default"]!;
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "ChorusAccount.Web.dll"), "send-digests",
            "Database:Provider=Sqlite", "Notifications:PortalBaseUrl=https://chorus-pro.example/", "Database:MigrateAtStartup=false", "Database:LoadDemoData=false", $"ConnectionStrings:Default={connection}",
            "Mail:Delivery=Smtp", "Mail:SmtpHost=127.0.0.1", $"Mail:SmtpPort={fixture.Smtp.Port.ToString(CultureInfo.InvariantCulture)}", "Mail:SmtpTls=None",
            "Mail:SmtpConnections=2", "Jobs:DigestSettleDelay=00:00:00", "Jobs:DigestClaimLease=00:00:02", "Serilog:MinimumLevel:Default=Warning"])
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    [Fact]
    public async Task A_run_killed_in_the_middle_then_run_again_delivers_every_digest_and_any_resend_carries_the_same_message_id()
    {
        var structure = await _world.StructureAsync();
        var users = new List<Core.Accounts.User>();
        // Enough digests that the kill, sent once ten are in, lands while most are still queued.
        for (var i = 0; i < 300; i++)
        {
            users.Add(await _world.UserAsync());
            await _world.AttachAsync(users[^1], structure);
        }

        await _world.PostOkAsync(NotificationWorld.Event(structure));
        var before = fixture.Smtp.Count;

        using (var killed = Start())
        {
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (fixture.Smtp.Count < before + 10 && !killed.HasExited && DateTime.UtcNow < deadline)
            {
                await Task.Delay(5);
            }

            Assert.False(killed.HasExited, "the run ended before it could be killed: " + await killed.StandardOutput.ReadToEndAsync() + await killed.StandardError.ReadToEndAsync());
            killed.Kill(entireProcessTree: true);
            await killed.WaitForExitAsync();
        }

        var sentBeforeTheKill = fixture.Smtp.MessagesTo(users.Select(u => u.ContactEmail)).Count;
        using var again = Start();
        var output = await again.StandardOutput.ReadToEndAsync() + await again.StandardError.ReadToEndAsync();
        await again.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(again.ExitCode == 0, output);
        Assert.Contains("0 still queued", output, StringComparison.Ordinal);
        Assert.True(sentBeforeTheKill < users.Count, $"all {sentBeforeTheKill} digests went out before the kill");
        foreach (var user in users)
        {
            var messages = fixture.Smtp.MessagesTo([user.ContactEmail]);
            Assert.NotEmpty(messages);
            // A digest sent again after the kill is the same message: one Message-ID per user and day.
            Assert.Single(messages.Select(m => m.MessageId).Distinct());
        }

        var ids = users.Select(u => u.Id).ToList();
        var statuses = await _world.Host.WithDbAsync(db => db.NotificationDigests.Where(d => ids.Contains(d.UserId)).Select(d => d.Status).ToListAsync());
        Assert.Equal(users.Count, statuses.Count);
        Assert.All(statuses, s => Assert.Equal(DigestStatus.Sent, s));
    }
}
