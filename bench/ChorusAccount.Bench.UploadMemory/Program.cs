using System.Diagnostics;
using System.Net.Http.Headers;
using ChorusAccount.Bench.Shared;
using ChorusAccount.Testing;

namespace ChorusAccount.Bench.UploadMemory;

// Memory cost of « Ajouter une pièce jointe »: the real portal in this process, a file uploaded from disk (so the
// client holds no copy), the managed heap and the working set sampled every millisecond during the request.
// Prints, per engine and file size, the peak growth over the size of the file; RESULT lines for the 10 MB file.
internal static class UploadMemoryBench
{
    private const string AddPath = "/mon-compte/pieces-jointes";

    public static async Task Main()
    {
        var sizes = new[] { 1 * 1024 * 1024, 5 * 1024 * 1024, 10 * 1024 * 1024 };
        var engines = new List<(string Name, string Key, Func<Task<TestDatabase>> Create)> { ("SQLite", "sqlite", () => Task.FromResult(TestDatabase.Sqlite())) };
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable)))
        {
            engines.Add(("PostgreSQL", "postgres", TestDatabase.PostgreSqlAsync));
        }

        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, {Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024 / 1024, 1)} GiB available");
        Console.WriteLine($"{"engine",-11}{"file",8}{"heap peak",12}{"ratio",8}{"WS peak",12}{"ratio",8}");
        foreach (var (name, key, create) in engines)
        {
            await using var host = BenchPortal.Start(await create(), new Dictionary<string, string?>(), https: true);
            var user = await host.CreateUserAsync();
            using var agent = await host.SignInAsync(user.Login);

            // Warm-up: JIT, pools and the database's own caches are not the upload's cost.
            await UploadAsync(agent, sizes[^1], measure: false);
            foreach (var size in sizes)
            {
                var (heap, workingSet) = await UploadAsync(agent, size, measure: true);
                Console.WriteLine($"{name,-11}{size / 1024 / 1024,6}MB{heap / 1024.0 / 1024,10:0.0}MB{(double)heap / size,8:0.00}{workingSet / 1024.0 / 1024,10:0.0}MB{(double)workingSet / size,8:0.00}");
                if (size == sizes[^1])
                {
                    // The target is on the larger of the two measures; both are printed.
                    BenchResult.Print($"upload {key} {size / 1024 / 1024} MB: heap peak growth", (double)heap / size, "× file size", "< 3×");
                    BenchResult.Print($"upload {key} {size / 1024 / 1024} MB: working set peak growth", (double)workingSet / size, "× file size", "< 3×");
                }
            }
        }
    }

    private static async Task<(long Heap, long WorkingSet)> UploadAsync(AgentClient agent, int size, bool measure)
    {
        var file = Path.Combine(Path.GetTempPath(), $"bench-upload-{Guid.NewGuid():N}.pdf");
        await using (var stream = File.Create(file))
        {
            var content = new byte[size];
            Random.Shared.NextBytes(content);
            "%PDF-1.7\n"u8.CopyTo(content);
            await stream.WriteAsync(content);
        }

        try
        {
            var form = (await agent.GetAsync("/mon-compte")).Form(AddPath);
            using var body = new MultipartFormDataContent();
            body.Add(new StringContent(form["__RequestVerificationToken"]!), "__RequestVerificationToken");
            body.Add(new StringContent("Mesure"), "Upload.Designation");
            body.Add(new StringContent("7"), "Upload.DocumentTypeId");
            var fileContent = new StreamContent(File.OpenRead(file), 64 * 1024);
            fileContent.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            body.Add(fileContent, "Upload.File", "mesure.pdf");

            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var process = Process.GetCurrentProcess();
            process.Refresh();
            var heapBefore = GC.GetTotalMemory(false);
            var workingSetBefore = process.WorkingSet64;
            long heapPeak = heapBefore, workingSetPeak = workingSetBefore;
            using var done = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!done.IsCancellationRequested)
                {
                    heapPeak = Math.Max(heapPeak, GC.GetTotalMemory(false));
                    process.Refresh();
                    workingSetPeak = Math.Max(workingSetPeak, process.WorkingSet64);
                    await Task.Delay(1);
                }
            });

            using var response = await agent.Http.PostAsync(AddPath, body);
            await done.CancelAsync();
            await sampler;
            var page = await Page.ReadAsync(response);
            if (!page.Contains("La pièce jointe a été ajoutée."))
            {
                throw new InvalidOperationException($"The upload of {size} bytes was not accepted: {response.StatusCode}");
            }

            return measure ? (heapPeak - heapBefore, workingSetPeak - workingSetBefore) : (0, 0);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
