using System.Diagnostics;

namespace ChorusAccount.Testing;

/// <summary>The portal's own executable (the <c>ChorusAccount.Web.dll</c> built beside the tests), started as an operator starts it.</summary>
public static class PortalExecutable
{
    /// <summary>
    /// How to start it with <paramref name="arguments"/> (a verb, settings as <c>Key=value</c>), in <paramref name="workingDirectory"/>
    /// (the tests' folder by default), both outputs read by the caller. By default in Development, the embedded default
    /// a developer runs: outside it the portal wants production settings (<c>DeploymentSafety</c>).
    /// </summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments, string? workingDirectory = null, string environment = "Development")
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ChorusAccount.Web.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>Runs it to its end, two minutes at most (then it is killed): its exit code and what it wrote on each output.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await errors);
    }
}
