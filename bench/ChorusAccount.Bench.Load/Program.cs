using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using ChorusAccount.Web.Tests.Infrastructure;

namespace ChorusAccount.Bench.Load;

// The portal for bench/load.sh: started in this process on plain http (TLS ends at the reverse proxy in production),
// demo data loaded, N agents signed in through the PIGP stand-in. Writes a wrk Lua script that replays a mix of
// signed-in requests with those sessions, then the portal's address in the ready file, and serves until stopped.
internal static class LoadBench
{
    public static async Task<int> Main(string[] args)
    {
        var folder = args.Length > 0 ? args[0] : throw new ArgumentException("usage: ChorusAccount.Bench.Load FOLDER [--postgres] [--agents N]");
        var postgres = args.Contains("--postgres");
        var agents = args.SkipWhile(a => a != "--agents").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(32);
        Environment.SetEnvironmentVariable(
            "ASPNETCORE_TEST_CONTENTROOT_CHORUSACCOUNT_WEB",
            Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/ChorusAccount.Web")));

        var database = postgres ? await TestDatabase.PostgreSqlAsync() : TestDatabase.Sqlite();
        await using var host = PortalHost.Start(database, new Dictionary<string, string?>
        {
            // Production values where the test host shortens them; rate limits stay raised by the test host:
            // a few agents make all the traffic here, and the bench measures the pages, not the limiter.
            ["Session:RevalidationInterval"] = "00:01:00",
            ["Documents:MaxDocumentsPerAccount"] = "100000",
            ["Documents:MaxTotalBytesPerAccount"] = "100000000000",
        }, options: new PortalHostOptions { Https = false });

        var requests = new List<string>();
        for (var i = 0; i < agents; i++)
        {
            var user = await host.CreateUserAsync();
            using var agent = host.NewAgent();
            await agent.SignInAsync(user.Login);
            var account = await agent.GetAsync("/mon-compte");
            var token = account.Form("/mon-compte/pieces-jointes")["__RequestVerificationToken"]!;
            var cookie = string.Join("; ", agent.Cookies.GetCookies(host.BaseAddress).Where(c => !c.Name.StartsWith("Pigp.", StringComparison.Ordinal)).Select(c => $"{c.Name}={c.Value}"));
            var headers = $"{{[\"Cookie\"] = {Lua(cookie)}}}";
            // The mix: home, « Mon compte », a structure search, a small upload (1 KB PDF); weights 3, 3, 3, 1.
            foreach (var path in new[] { "/", "/mon-compte", "/mon-compte/rattachements/demande?searched=true&City=orleans&CompanyName=commune" })
            {
                for (var w = 0; w < 3; w++)
                {
                    requests.Add($"wrk.format(\"GET\", {Lua(path)}, {headers})");
                }
            }

            const string boundary = "----chorus-load-boundary";
            var upload = Multipart(boundary, token);
            requests.Add($"wrk.format(\"POST\", \"/mon-compte/pieces-jointes\", {{[\"Cookie\"] = {Lua(cookie)}, [\"Content-Type\"] = \"multipart/form-data; boundary={boundary}\"}}, {Lua(upload)})");
        }

        var script = new StringBuilder();
        script.AppendLine("-- Written by ChorusAccount.Bench.Load: signed-in requests replayed round-robin, each connection from its own offset.");
        // Built in init(): wrk.format needs wrk.host (the Host header), which is set after the script is loaded.
        script.AppendLine("local requests");
        script.AppendLine("local i = 0");
        script.AppendLine("init = function(args)");
        script.AppendLine("requests = {");
        foreach (var request in requests.OrderBy(r => r.GetHashCode()))
        {
            script.Append("  ").Append(request).AppendLine(",");
        }

        script.AppendLine("}");
        script.AppendLine("i = math.random(#requests)");
        script.AppendLine("end");
        script.AppendLine("request = function() i = i % #requests + 1; return requests[i] end");
        await File.WriteAllTextAsync(Path.Combine(folder, "mix.lua"), script.ToString());
        await File.WriteAllTextAsync(Path.Combine(folder, "ready"), host.BaseAddress.ToString());
        Console.WriteLine($"Portal on {host.BaseAddress} ({(postgres ? "PostgreSQL" : "SQLite")}), {agents} agents signed in, {requests.Count} requests in the mix");

        // Serves until bench/load.sh stops this process.
        var stop = new TaskCompletionSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        await stop.Task;
        var documents = await host.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Documents));
        Console.WriteLine($"Stopped: {documents} documents uploaded during the run");
        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.TrySetResult();
        }
    }

    private static string Multipart(string boundary, string token)
    {
        var pdf = "%PDF-1.7\n" + new string('x', 1000) + "\n%%EOF\n";
        return $"--{boundary}\r\nContent-Disposition: form-data; name=\"__RequestVerificationToken\"\r\n\r\n{token}\r\n"
            + $"--{boundary}\r\nContent-Disposition: form-data; name=\"Upload.Designation\"\r\n\r\nCharge\r\n"
            + $"--{boundary}\r\nContent-Disposition: form-data; name=\"Upload.DocumentTypeId\"\r\n\r\n7\r\n"
            + $"--{boundary}\r\nContent-Disposition: form-data; name=\"Upload.File\"; filename=\"charge.pdf\"\r\nContent-Type: application/pdf\r\n\r\n{pdf}\r\n"
            + $"--{boundary}--\r\n";
    }

    private static string Lua(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}
