using System.Diagnostics;
using System.Globalization;
using System.Net;
using ChorusAccount.Web.Jobs;
using ChorusAccount.Web.Tests.Infrastructure;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using netDumbster.smtp;

namespace ChorusAccount.Bench.Digest;

// The daily digest at scale: N opted-in users with E events each, every digest delivered over SMTP to a server on
// loopback (netDumbster), then, in the same run and to the same server, a raw MailKit loop sending as many prebuilt
// messages of the same size over the same number of connections: the ceiling. Prints messages/s and the ratio.
internal static class DigestBench
{
    public static async Task Main(string[] args)
    {
        var users = Option(args, "--users", 100_000);
        var eventsPerUser = Option(args, "--events", 5);
        var connections = Option(args, "--connections", 4);
        var engines = (Value(args, "--engines") ?? "sqlite").Split(',', StringSplitOptions.RemoveEmptyEntries);

        Environment.SetEnvironmentVariable(
            "ASPNETCORE_TEST_CONTENTROOT_CHORUSACCOUNT_WEB",
            Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/ChorusAccount.Web")));
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        Console.WriteLine($"{users:N0} users × {eventsPerUser} events, {connections} SMTP connections");

        foreach (var engine in engines)
        {
            var smtp = Configuration.Configure().WithAddress(IPAddress.Loopback).WithRandomPort().Build();
            var received = 0;
            string? sample = null;
            smtp.MessageReceived += (_, e) =>
            {
                if (Interlocked.Increment(ref received) == 1)
                {
                    sample = e.Message.Data;
                }
            };

            // The server keeps every message it receives: emptied as the run goes, only the count is needed.
            using var emptying = new CancellationTokenSource();
            _ = Task.Run(async () =>
            {
                while (!emptying.IsCancellationRequested)
                {
                    await Task.Delay(200);
                    smtp.ClearReceivedEmail();
                }
            });
            var database = engine == "postgres" ? await TestDatabase.PostgreSqlAsync() : TestDatabase.Sqlite();
            await using var host = PortalHost.Start(database, new Dictionary<string, string?>
            {
                ["Database:LoadDemoData"] = "false",
                ["Mail:Delivery"] = "Smtp",
                ["Mail:SmtpHost"] = "127.0.0.1",
                ["Mail:SmtpPort"] = smtp.Configuration.Port.ToString(CultureInfo.InvariantCulture),
                ["Mail:SmtpTls"] = "None",
                ["Mail:SmtpConnections"] = connections.ToString(CultureInfo.InvariantCulture),
                ["Jobs:DigestSettleDelay"] = "00:00:00",
                ["Serilog:MinimumLevel:Default"] = "Warning",
                ["Serilog:MinimumLevel:Override:ChorusAccount.Web.Jobs"] = "Information",
            }, services =>
            {
                if (Environment.GetEnvironmentVariable("BENCH_NULL_TRANSPORT") == "1")
                {
                    services.AddSingleton<ChorusAccount.Web.Mail.IDigestTransport, NullTransport>();
                }
            });

            var clock = Stopwatch.StartNew();
            await DigestWorldGenerator.GenerateAsync(host, users, eventsPerUser);
            // Planner statistics, as PostgreSQL's autovacuum would have gathered them on a live database.
            if (engine == "postgres")
            {
                await host.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("ANALYZE"));
            }

            Console.WriteLine($"[{engine}] data: {users:N0} users, {users / DigestWorldGenerator.UsersPerStructure:N0} structures, {users / DigestWorldGenerator.UsersPerStructure * eventsPerUser:N0} events in {clock.Elapsed.TotalSeconds:0.0} s");

            if (Environment.GetEnvironmentVariable("BENCH_EXPLAIN") == "1")
            {
                await host.WithDbAsync(async db =>
                {
                    var ids = await db.Users.Select(u => u.Id).Take(500).ToListAsync();
                    var after = DateTime.UtcNow.AddDays(-1);
                    var until = DateTime.UtcNow;
                    var window = db.NotificationEvents.Where(e => e.CreatedAt > after && e.CreatedAt <= until);
                    var query = ChorusAccount.Core.Notifications.DigestRecipients.Of(window, ChorusAccount.Core.Notifications.DigestRecipients.InvoiceLines(db, ids), ids);
                    var sql = query.ToQueryString();
                    Console.WriteLine(sql);
                    var connection = db.Database.GetDbConnection();
                    await connection.OpenAsync();
                    using var command = connection.CreateCommand();
                    var lines = sql.Split('\n');
                    var declarations = lines.TakeWhile(l => l.StartsWith(".param", StringComparison.Ordinal)).ToList();
                    command.CommandText = "EXPLAIN QUERY PLAN " + string.Join('\n', lines.Skip(declarations.Count));
                    foreach (var d in declarations)
                    {
                        var parts = d.Split(' ', 4);
                        var p = command.CreateParameter();
                        p.ParameterName = parts[2];
                        p.Value = parts[3].Trim('\'');
                        command.Parameters.Add(p);
                    }

                    using var reader = await command.ExecuteReaderAsync();
                    while (await reader.ReadAsync())
                    {
                        Console.WriteLine($"{reader.GetValue(0)} {reader.GetValue(1)} {reader.GetValue(3)}");
                    }

                    var sw = Stopwatch.StartNew();
                    var n = (await query.ToListAsync()).Count;
                    Console.WriteLine($"compose query: {n} pairs in {sw.ElapsedMilliseconds} ms");
                });
            }

            clock.Restart();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            DigestRunReport report;
            await using (var scope = host.Services.CreateAsyncScope())
            {
                report = await scope.ServiceProvider.GetRequiredService<DigestJob>().RunAsync(CancellationToken.None);
            }

            var digestSeconds = clock.Elapsed.TotalSeconds;
            var digestCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
            var digestRate = report.Sent / digestSeconds;
            Console.WriteLine($"[{engine}] digest job: {report.Planned:N0} planned, {report.Sent:N0} sent, {report.Failed} failed, {report.StillQueued} queued, server received {received:N0}; "
                + $"{digestSeconds:0.0} s, {digestRate:N0} messages/s");

            Console.WriteLine($"[{engine}] CPU per message in the digest job (this process, SMTP server included): {digestCpu / report.Sent:0.00} ms");
            if (sample is null)
            {
                continue;
            }

            // The ceiling: the same number of messages, prebuilt from one the server received, over as many reused connections.
            var template = MimeMessage.Load(new MemoryStream(System.Text.Encoding.Latin1.GetBytes(sample!)));
            template.Headers.Remove(HeaderId.Received);
            var prebuilt = new MimeMessage[report.Sent];
            for (var i = 0; i < prebuilt.Length; i++)
            {
                var copy = MimeMessage.Load(new MemoryStream(System.Text.Encoding.Latin1.GetBytes(sample!)));
                copy.To.Clear();
                copy.To.Add(new MailboxAddress("Agent", $"bench{i:D7}@mairie-bench.fr"));
                copy.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId();
                prebuilt[i] = copy;
            }

            var before = received;
            clock.Restart();
            cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
            {
                using var client = new SmtpClient();
                await client.ConnectAsync("127.0.0.1", smtp.Configuration.Port, SecureSocketOptions.None);
                int index;
                while ((index = Interlocked.Increment(ref next)) < prebuilt.Length)
                {
                    await client.SendAsync(prebuilt[index]);
                }

                await client.DisconnectAsync(true);
            })));
            var rawSeconds = clock.Elapsed.TotalSeconds;
            var rawCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
            Console.WriteLine($"[{engine}] CPU per message (this process, SMTP server included): digest {digestCpu / report.Sent:0.00} ms, raw loop {rawCpu / prebuilt.Length:0.00} ms");
            var rawRate = prebuilt.Length / rawSeconds;
            Console.WriteLine($"[{engine}] raw MailKit loop: {prebuilt.Length:N0} prebuilt messages ({sample!.Length:N0} bytes each), server received {received - before:N0}; "
                + $"{rawSeconds:0.0} s, {rawRate:N0} messages/s");
            Console.WriteLine($"[{engine}] digest / raw ceiling: {digestRate / rawRate:0.00}");
            if (Environment.GetEnvironmentVariable("BENCH_RENDERED_LOOP") == "1")
            {
                var renderer = host.Services.GetRequiredService<ChorusAccount.Web.Mail.DigestMailRenderer>();
                var rendered = new MimeMessage[prebuilt.Length];
                var t = Stopwatch.StartNew();
                var c0 = Process.GetCurrentProcess().TotalProcessorTime;
                for (var i = 0; i < rendered.Length; i++)
                {
                    var claimed = new ChorusAccount.Core.Notifications.ClaimedDigest(Guid.NewGuid(), Guid.NewGuid(), new DateOnly(2026, 3, 2), DateTime.UtcNow, DateTime.UtcNow, 0);
                    rendered[i] = renderer.Render(new ChorusAccount.Core.Notifications.DigestContent(claimed, $"bench{i:D7}@mairie-bench.fr", "Agent NUMERO", ChorusAccount.Core.Accounts.UserLanguage.French,
                    [new ChorusAccount.Core.Notifications.DigestStructure(Guid.NewGuid(), "COMMUNE BENCH 000001", "B0000000000001", [
                        new ChorusAccount.Core.Notifications.DigestGroup(ChorusAccount.Core.Notifications.NotificationEventKind.InvoiceStatus, "DEPOSEE", [.. Enumerable.Range(0, 5).Select(e => new ChorusAccount.Core.Notifications.DigestItem($"FAC-000001-{e}", ChorusAccount.Core.Notifications.InvoiceSide.Recipient, null, null, DateTime.UtcNow))])])]));
                }

                Console.WriteLine($"render only: {(Process.GetCurrentProcess().TotalProcessorTime - c0).TotalMilliseconds / rendered.Length:0.000} ms CPU per message, {t.Elapsed.TotalMilliseconds / rendered.Length:0.000} ms wall");
                next = -1;
                c0 = Process.GetCurrentProcess().TotalProcessorTime;
                t.Restart();
                await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
                {
                    using var client = new SmtpClient();
                    await client.ConnectAsync("127.0.0.1", smtp.Configuration.Port, SecureSocketOptions.None);
                    int index;
                    while ((index = Interlocked.Increment(ref next)) < rendered.Length)
                    {
                        await client.SendAsync(rendered[index]);
                    }

                    await client.DisconnectAsync(true);
                })));
                Console.WriteLine($"rendered loop: {rendered.Length / t.Elapsed.TotalSeconds:N0} messages/s, {(Process.GetCurrentProcess().TotalProcessorTime - c0).TotalMilliseconds / rendered.Length:0.00} ms CPU per message");
            }

            await emptying.CancelAsync();
            smtp.Stop();
        }
    }

    private static int Option(string[] args, string name, int fallback) => Value(args, name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    private static string? Value(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
}

internal sealed class NullTransport : ChorusAccount.Web.Mail.IDigestTransport
{
    public async Task RunAsync(System.Threading.Channels.ChannelReader<ChorusAccount.Web.Mail.PreparedDigest> messages, System.Threading.Channels.ChannelWriter<ChorusAccount.Core.Notifications.DeliveryResult> results, CancellationToken ct)
    {
        await foreach (var m in messages.ReadAllAsync(CancellationToken.None))
        {
            await results.WriteAsync(new ChorusAccount.Core.Notifications.DeliveryResult(m.Digest, ChorusAccount.Core.Notifications.DeliveryOutcome.Sent, m.Recipient));
        }
    }
}
