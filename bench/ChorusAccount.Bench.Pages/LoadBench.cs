using System.Runtime.InteropServices;
using System.Text;
using ChorusAccount.Bench.Shared;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Documents;
using ChorusAccount.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChorusAccount.Bench.Pages;

// The load scenario (bench/load.sh): the portal in this process on plain http (TLS ends at the reverse proxy in
// production), demo data loaded, N agents signed in through the PIGP stand-in; a wrk Lua script replays a mix of
// signed-in requests with those sessions over 128 connections. Prints wrk's report, the errors, p50 and p99; fails on any error.
internal static class LoadBench
{
    private const string AddDocumentPath = "/mon-compte/pieces-jointes";

    public static async Task<int> RunAsync(LoadOptions options)
    {
        Wrk.EnsureInstalled();
        var engine = options.Postgres ? "postgres" : "sqlite";
        var database = options.Postgres ? await TestDatabase.PostgreSqlAsync() : TestDatabase.Sqlite();
        await using var host = BenchPortal.Start(database, new Dictionary<string, string?>
        {
            // Production values where the test host shortens them; rate limits stay raised by the test host:
            // a few agents make all the traffic here, and the bench measures the pages, not the limiter.
            // wrk replays each agent's first cookie and never takes the renewed one: see Program.cs.
            // The documents quota is production's (100 pièces jointes an account): past it, an agent's upload is refused
            // with its message, as in production, and its « Mon compte » lists 100 rows at most — raised, the minute
            // measured tables of 160 rows and more that no account can hold (docs/PERFORMANCE.md).
            ["Session:RevalidationInterval"] = "01:00:00",
            ["Documents:MaxDocumentsPerAccount"] = "100",
        }, https: false);

        var requests = new List<string>();
        var agents = new List<(Guid Id, string Login)>();
        for (var i = 0; i < options.Agents; i++)
        {
            var user = await host.CreateUserAsync();
            agents.Add((user.Id, user.Login));
            using var agent = await host.SignInAsync(user.Login);
            var token = (await agent.GetAsync("/mon-compte")).Form(AddDocumentPath)["__RequestVerificationToken"]!;
            var cookie = agent.CookieHeader(host);
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
            requests.Add($"wrk.format(\"POST\", {Lua(AddDocumentPath)}, {{[\"Cookie\"] = {Lua(cookie)}, [\"Content-Type\"] = \"multipart/form-data; boundary={boundary}\"}}, {Lua(upload)})");
        }

        var folder = Directory.CreateTempSubdirectory("chorus-load-").FullName;
        var script = Path.Combine(folder, "mix.lua");
        try
        {
            await File.WriteAllTextAsync(script, MixScript(requests));
            Console.WriteLine($"Portal on {host.BaseAddress} ({(options.Postgres ? "PostgreSQL" : "SQLite")}), {options.Agents} agents signed in, {requests.Count} requests in the mix");
            Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1073741824.0:0.0} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
            var wrk = new Wrk(options.Threads, options.Connections, options.Duration) { Script = script, Timeout = "10s" };
            var url = host.BaseAddress.ToString();
            // The same mix first, in rounds of 10 s until the JIT is quiet (JitWarmUp): the minute measured is the portal's
            // steady state, not its tiered compilation. The pièces jointes uploaded meanwhile are deleted after it, so that
            // the measured minute starts with the agents' accounts as they were signed in (each upload makes « Mon compte »
            // longer: see docs/PERFORMANCE.md).
            var warmedUp = await JitWarmUp.UntilQuietAsync(() => (wrk with { Duration = "10s" }).RunAsync(url));
            var warmUpDocuments = 0;
            foreach (var (id, login) in agents)
            {
                warmUpDocuments += await DeleteDocumentsAsync(host, id, login);
            }

            Console.WriteLine($"{warmedUp}; its {warmUpDocuments} pièces jointes deleted");
            Console.WriteLine(wrk.Describe(url));
            var run = await wrk.RunAsync(url);
            Console.Write(run.Report);
            Console.WriteLine($"errors: {run.HttpErrors} HTTP (status >= 400), {run.SocketErrors} socket; p50 {Wrk.FormatLatency(run.P50Ms)}, p99 {Wrk.FormatLatency(run.P99Ms)}");
            var agentIds = agents.Select(a => a.Id).ToList();
            var documents = await host.WithDbAsync(db => db.Documents.CountAsync(d => agentIds.Contains(d.UserId)));
            Console.WriteLine($"{documents} documents uploaded during the measured run");

            var name = $"load {engine} {options.Connections} connections";
            BenchResult.Print($"{name} errors", run.Errors, "responses", "0");
            BenchResult.Print($"{name} p50", run.P50Ms, "ms", "-");
            BenchResult.Print($"{name} p99", run.P99Ms, "ms", "-");
            BenchResult.Print($"{name} throughput", run.RequestsPerSecond, "req/s", "-");
            if (run.Requests == 0)
            {
                // No answer within the run: « 0 errors » would then say nothing.
                Console.WriteLine($"No request completed in {options.Duration}.");
                return 1;
            }

            return run.Errors == 0 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Deletes the agent's pièces jointes as « Supprimer la sélection » does (<see cref="DeleteDocuments"/>: the
    /// bytes with each one); how many.</summary>
    private static async Task<int> DeleteDocumentsAsync(PortalHost host, Guid userId, string login)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var ids = await scope.ServiceProvider.GetRequiredService<ChorusAccountDbContext>().Documents
            .Where(d => d.UserId == userId).Select(d => d.Id).ToListAsync();
        if (ids.Count > 0 && !await scope.ServiceProvider.GetRequiredService<DeleteDocuments>().ExecuteAsync(userId, login, ids, CancellationToken.None))
        {
            throw new InvalidOperationException($"The pièces jointes of {login} were not deleted.");
        }

        return ids.Count;
    }

    /// <summary>Signed-in requests replayed round-robin, each thread from its own offset.</summary>
    private static string MixScript(IEnumerable<string> requests)
    {
        var script = new StringBuilder();
        script.AppendLine("-- Written by the load scenario of ChorusAccount.Bench.Pages: signed-in requests replayed round-robin, each thread from its own offset.");
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
        return script.ToString();
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
