using ChorusAccount.Web.Data;

namespace ChorusAccount.Web.Infrastructure;

/// <summary>Operations run from the command line: `dotnet ChorusAccount.Web.dll migrate`.</summary>
public static class CommandLineVerbs
{
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal) { "migrate" };

    public static async Task<int> RunAsync(string verb, WebApplication app)
    {
        switch (verb)
        {
            case "migrate":
                await StartupTasks.MigrateAsync(app.Services);
                Console.WriteLine("Database migrated.");
                return 0;
            default:
                Console.Error.WriteLine($"Unknown verb: {verb}");
                return 2;
        }
    }
}
