using System.Diagnostics;
using System.Globalization;
using System.Text;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChorusAccount.Web.Tests.Notifications;

/// <summary>
/// `send-digests` run as an operator runs it, through the portal's own executable, killed for real (no cleanup of any
/// kind) at a point the SMTP server chooses, then run again. The server accepts a few digests and then holds: it leaves
/// the final dot of every further message unanswered. Once the outbox shows the accepted digests recorded as sent, the
/// process is killed and the held connections dropped — those messages were never acknowledged, so not delivered.
/// </summary>
public abstract class SendDigestsVerbTests(DigestPortalFixture fixture)
{
    private const int UserCount = 12;
    private const int AcceptedBeforeTheKill = 4;
    private static readonly TimeSpan _patience = TimeSpan.FromMinutes(3);
    private readonly NotificationWorld _world = new(fixture);

    [Fact]
    public async Task A_run_killed_in_the_middle_then_run_again_delivers_every_digest_exactly_once()
    {
        var structure = await _world.StructureAsync();
        var users = new List<User>();
        for (var i = 0; i < UserCount; i++)
        {
            users.Add(await _world.UserAsync());
            await _world.AttachAsync(users[^1], structure);
        }

        await _world.PostOkAsync(NotificationWorld.Event(structure));
        var before = fixture.Smtp.Count;

        fixture.Smtp.HoldAfterNextMessages(AcceptedBeforeTheKill);
        try
        {
            using var killed = PortalProcess.SendDigests(Arguments());
            Assert.True(await fixture.Smtp.WaitUntilHoldingAsync(_patience), "the SMTP server was never reached mid-run:\n" + killed.Output);
            var accepted = fixture.Smtp.Messages.Skip(before).Select(m => DigestId(m.MessageId)).ToList();
            Assert.Equal(AcceptedBeforeTheKill, accepted.Count);
            // ADR-012: the sender records what the server accepted within a tenth of a second, in groups.
            await UntilAsync(async () => await _world.Host.WithDbAsync(db => db.NotificationDigests
                .CountAsync(d => accepted.Contains(d.Id) && d.Status == DigestStatus.Sent)) == accepted.Count, "the accepted digests recorded as sent", killed);
            Assert.False(killed.HasExited, "the run ended before it could be killed:\n" + killed.Output);
            Assert.True(fixture.Smtp.Held >= 1);

            await killed.KillAsync();
        }
        finally
        {
            fixture.Smtp.DropHeldConnections();
        }

        Assert.Equal(AcceptedBeforeTheKill, fixture.Smtp.Count - before);
        using var again = PortalProcess.SendDigests(Arguments());
        var exitCode = await again.WaitForExitAsync(_patience);

        Assert.True(exitCode == 0, again.Output);
        Assert.Contains(" 0 still queued", again.Output, StringComparison.Ordinal);
        var digests = await _world.DigestsOfAsync([.. users]);
        Assert.Equal(users.Select(u => u.Id).Order(), digests.Select(d => d.UserId).Order());
        Assert.All(digests, d => Assert.Equal(DigestStatus.Sent, d.Status));
        foreach (var user in users)
        {
            Assert.True(fixture.Smtp.CountTo(user.ContactEmail) == 1, $"{user.ContactEmail} received {fixture.Smtp.CountTo(user.ContactEmail)} digests");
        }

        foreach (var digest in digests)
        {
            var messageId = digest.MessageId("chorus-pro.example");
            Assert.True(fixture.Smtp.CountOf(messageId) == 1, $"{messageId} received {fixture.Smtp.CountOf(messageId)} times");
        }

        // Nothing else went out twice either: every message since the first run has its own Message-ID.
        var sinceTheFirstRun = fixture.Smtp.Messages.Skip(before).Select(m => m.MessageId).ToList();
        Assert.Equal(sinceTheFirstRun.Count, sinceTheFirstRun.Distinct().Count());
    }

    private IEnumerable<string> Arguments()
    {
        var configuration = _world.Host.Services.GetRequiredService<IConfiguration>();
        return
        [
            $"Database:Provider={configuration["Database:Provider"]}", $"ConnectionStrings:Default={configuration["ConnectionStrings:Default"]}",
            "Database:MigrateAtStartup=false", "Database:LoadDemoData=false", $"Notifications:PortalBaseUrl={DigestPortalFixture.PortalUrl}",
            "Mail:Delivery=Smtp", "Mail:SmtpHost=127.0.0.1", $"Mail:SmtpPort={fixture.Smtp.Port.ToString(CultureInfo.InvariantCulture)}", "Mail:SmtpTls=None",
            // Two connections, both held in the end; a client timeout longer than the test, so that only the kill ends the run.
            "Mail:SmtpConnections=2", "Mail:SmtpTimeout=00:10:00",
            "Jobs:DigestSettleDelay=00:00:00", "Jobs:DigestClaimLease=00:00:03", "Serilog:MinimumLevel:Default=Warning",
        ];
    }

    private static Guid DigestId(string? messageId) =>
        messageId is null ? Guid.Empty : Guid.ParseExact(messageId["digest.".Length..messageId.IndexOf('@', StringComparison.Ordinal)], "N");

    private static async Task UntilAsync(Func<Task<bool>> condition, string what, PortalProcess process)
    {
        var deadline = DateTime.UtcNow + _patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"waited {_patience} for {what}:\n{process.Output}");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    /// <summary>The portal's executable from the test's output folder, its output captured as it comes.</summary>
    private sealed class PortalProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        private PortalProcess(Process process)
        {
            _process = process;
            _process.OutputDataReceived += (_, e) => Append(e.Data);
            _process.ErrorDataReceived += (_, e) => Append(e.Data);
            _process.Start();
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public static PortalProcess SendDigests(IEnumerable<string> configuration)
        {
            return new PortalProcess(new Process { StartInfo = PortalExecutable.StartInfo(["send-digests", .. configuration]) });
        }

        public bool HasExited => _process.HasExited;

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        /// <summary>A real kill: the process and its children, no shutdown of any kind.</summary>
        public async Task KillAsync()
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        public async Task<int> WaitForExitAsync(TimeSpan timeout)
        {
            using var patience = new CancellationTokenSource(timeout);
            try
            {
                await _process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"send-digests did not end within {timeout}:\n{Output}");
            }

            return _process.ExitCode;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }
    }
}

[Collection(SqliteDigestCollection.Name)]
public sealed class SendDigestsVerbTestsOnSqlite(SqliteDigestFixture fixture) : SendDigestsVerbTests(fixture);

[Collection(PostgreSqlDigestCollection.Name)]
public sealed class SendDigestsVerbTestsOnPostgreSql(PostgreSqlDigestFixture fixture) : SendDigestsVerbTests(fixture);
