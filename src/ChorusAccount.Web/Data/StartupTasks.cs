using ChorusAccount.Core.Data;
using ChorusAccount.Core.Madrhas;
using ChorusAccount.Core.Structures;
using ChorusAccount.Web.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChorusAccount.Web.Data;

/// <summary>What the portal does to its database before it serves: migrations (and the data they need), then the demo extract.</summary>
public static class StartupTasks
{
    public static readonly string DemoExtractPath = Path.Combine(AppContext.BaseDirectory, "DemoData", "madrhas-demo.csv");
    public static readonly string DemoDirectoryPath = Path.Combine(AppContext.BaseDirectory, "DemoData", "structures-demo.csv");

    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChorusAccountDbContext>();
        await db.Database.MigrateAsync(ct);
        // The search words are folded in .NET, so a migration cannot derive them in SQL: structures written without them get them here.
        await StructureSearchTokens.FillMissingAsync(db, ct);
    }

    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (options.MigrateAtStartup)
        {
            await MigrateAsync(app.Services);
        }

        if (options.LoadDemoData)
        {
            await LoadDemoDirectoryAsync(app);
            await using var scope = app.Services.CreateAsyncScope();
            var importer = scope.ServiceProvider.GetRequiredService<MadrhasImporter>();
            await using var extract = File.OpenRead(DemoExtractPath);
            var report = await importer.ImportAsync(extract, Path.GetFileName(DemoExtractPath), new MadrhasImportOptions(), null, CancellationToken.None);
            app.Logger.LogInformation("Demo MADRHAS extract imported: {Report}", report);
        }
    }

    // The structure directory first: the MADRHAS extract then finds its structures with their addresses and service labels.
    private static async Task LoadDemoDirectoryAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var loader = scope.ServiceProvider.GetRequiredService<StructureDirectoryLoader>();
        using var directory = File.OpenText(DemoDirectoryPath);
        var report = await loader.LoadAsync(directory, CancellationToken.None);
        app.Logger.LogInformation("Demo structure directory loaded: {Report}", report);
    }
}
