using System.Diagnostics;
using System.Globalization;
using ChorusAccount.Bench.Shared;
using ChorusAccount.Testing;
using ChorusAccount.Web.Jobs;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace ChorusAccount.Bench.Digest;

// The daily digest at scale: N opted-in users with E events each, every digest delivered over SMTP to a server on
// loopback (the tests' SmtpCatcher, asynchronous, counting per recipient and keeping only the first message), then, in
// the same run and to the same server, a raw MailKit loop sending as many prebuilt messages of the same size over the
// same number of connections: the ceiling. Prints messages/s, the ratio, and RESULT lines for bench/run.sh.
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
            using var smtp = new SmtpCatcher(keepMessages: false);
            var database = engine == "postgres" ? await TestDatabase.PostgreSqlAsync() : TestDatabase.Sqlite();
            await using var host = PortalHost.Start(database, new Dictionary<string, string?>
            {
                ["Database:LoadDemoData"] = "false",
                ["Mail:Delivery"] = "Smtp",
                ["Mail:SmtpHost"] = "127.0.0.1",
                ["Mail:SmtpPort"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
                ["Mail:SmtpTls"] = "None",
                ["Mail:SmtpConnections"] = connections.ToString(CultureInfo.InvariantCulture),
                ["Jobs:DigestSettleDelay"] = "00:00:00",
                ["Serilog:MinimumLevel:Default"] = "Warning",
                ["Serilog:MinimumLevel:Override:ChorusAccount.Web.Jobs"] = "Information",
            });

            var clock = Stopwatch.StartNew();
            await DigestWorldGenerator.GenerateAsync(host, users, eventsPerUser);
            // Planner statistics, as PostgreSQL's autovacuum would have gathered them on a live database.
            if (engine == "postgres")
            {
                await host.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("ANALYZE"));
            }

            Console.WriteLine($"[{engine}] data: {users:N0} users, {users / DigestWorldGenerator.UsersPerStructure:N0} structures, {users / DigestWorldGenerator.UsersPerStructure * eventsPerUser:N0} events in {clock.Elapsed.TotalSeconds:0.0} s");

            clock.Restart();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var gc = Collector.Now();
            DigestRunReport report;
            await using (var scope = host.Services.CreateAsyncScope())
            {
                report = await scope.ServiceProvider.GetRequiredService<DigestJob>().RunAsync(CancellationToken.None);
            }

            var digestSeconds = clock.Elapsed.TotalSeconds;
            var digestCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
            var digestGc = Collector.Now() - gc;
            var digestRate = report.Sent / digestSeconds;
            var notOnce = Enumerable.Range(0, users).Count(u => smtp.CountTo(DigestWorldGenerator.Email(u)) != 1);
            Console.WriteLine($"[{engine}] digest job: {report.Planned:N0} planned, {report.Sent:N0} sent, {report.Failed} failed, {report.StillQueued} queued, "
                + $"server accepted {smtp.Count:N0}, users without exactly one digest {notOnce:N0}; {digestSeconds:0.0} s, {digestRate:N0} messages/s");
            Console.WriteLine($"[{engine}] CPU per message in the digest job (this process, SMTP server included): {digestCpu / report.Sent:0.00} ms");
            Console.WriteLine($"[{engine}] collector in the digest job: {digestGc.PerMessage(report.Sent)}");
            var name = $"digest {engine} {users} users";
            if (smtp.Sample is not { } sample)
            {
                BenchResult.Print(name, digestRate, "messages/s", "≥ 500 msg/s");
                continue;
            }

            // The ceiling: the same number of messages, prebuilt from one the server received, over as many reused connections.
            var prebuilt = new MimeMessage[report.Sent];
            for (var i = 0; i < prebuilt.Length; i++)
            {
                var copy = MimeMessage.Load(new MemoryStream(sample));
                copy.To.Clear();
                copy.To.Add(new MailboxAddress("Agent", DigestWorldGenerator.Email(i)));
                copy.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId();
                prebuilt[i] = copy;
            }

            var before = smtp.Count;
            clock.Restart();
            cpu = Process.GetCurrentProcess().TotalProcessorTime;
            gc = Collector.Now();
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
            {
                using var client = new SmtpClient();
                await client.ConnectAsync("127.0.0.1", smtp.Port, SecureSocketOptions.None);
                int index;
                while ((index = Interlocked.Increment(ref next)) < prebuilt.Length)
                {
                    await client.SendAsync(prebuilt[index]);
                }

                await client.DisconnectAsync(true);
            })));
            var rawSeconds = clock.Elapsed.TotalSeconds;
            var rawCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
            var rawGc = Collector.Now() - gc;
            var rawRate = prebuilt.Length / rawSeconds;
            var ratio = digestRate / rawRate;
            Console.WriteLine($"[{engine}] CPU per message (this process, SMTP server included): digest {digestCpu / report.Sent:0.00} ms, raw loop {rawCpu / prebuilt.Length:0.00} ms");
            Console.WriteLine($"[{engine}] collector in the raw loop: {rawGc.PerMessage(prebuilt.Length)}");
            Console.WriteLine($"[{engine}] raw MailKit loop: {prebuilt.Length:N0} prebuilt messages ({sample.Length:N0} bytes each), server accepted {smtp.Count - before:N0}; "
                + $"{rawSeconds:0.0} s, {rawRate:N0} messages/s");
            Console.WriteLine($"[{engine}] digest / raw ceiling: {ratio:0.00}");
            BenchResult.Print(name, digestRate, "messages/s", "≥ 500 msg/s", ratio);
            BenchResult.Print($"{name} / raw MailKit loop", ratio, "of ceiling", "≥ 0.60", ratio);
        }
    }

    /// <summary>The collector's counters: collections, total pause and bytes allocated (whole process, SMTP server included).</summary>
    private readonly record struct Collector(int Gen0, int Gen1, int Gen2, TimeSpan Pause, long Allocated)
    {
        public static Collector Now() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());

        public static Collector operator -(Collector a, Collector b) => new(a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2, a.Pause - b.Pause, a.Allocated - b.Allocated);

        public string PerMessage(int messages) =>
            $"{Gen0} gen0 / {Gen1} gen1 / {Gen2} gen2 collections, paused {Pause.TotalSeconds:0.00} s ({Pause.TotalMilliseconds / Math.Max(messages, 1):0.000} ms per message), {Allocated / Math.Max(messages, 1) / 1024.0:0.0} KB allocated per message";
    }

    private static int Option(string[] args, string name, int fallback) => Value(args, name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    private static string? Value(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
}
