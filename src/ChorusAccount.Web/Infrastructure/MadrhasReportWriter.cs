using ChorusAccount.Core.Madrhas;

namespace ChorusAccount.Web.Infrastructure;

/// <summary>The import report as the command line prints it: the counts, then every rejected line.</summary>
public static class MadrhasReportWriter
{
    public static async Task WriteAsync(MadrhasImportReport report, MadrhasImportOptions options, TextWriter output)
    {
        var mode = options.DryRun ? " (dry run: nothing was written)" : "";
        await output.WriteLineAsync($"MADRHAS import{(options.Full ? ", full extract" : "")}{mode}");
        await output.WriteLineAsync($"  lines read             {report.RecordsRead,10:N0}");
        await output.WriteLineAsync($"  lines rejected         {report.RejectedRecords.Count,10:N0}");
        await output.WriteLineAsync($"  users created          {report.UsersCreated,10:N0}");
        await output.WriteLineAsync($"  users updated          {report.UsersUpdated,10:N0}");
        await output.WriteLineAsync($"  users deactivated      {report.UsersDeactivated,10:N0}");
        await output.WriteLineAsync($"  users reactivated      {report.UsersReactivated,10:N0}");
        await output.WriteLineAsync($"  structures created     {report.StructuresCreated,10:N0}");
        await output.WriteLineAsync($"  services created       {report.ServicesCreated,10:N0}");
        await output.WriteLineAsync($"  memberships created    {report.MembershipsCreated,10:N0}");
        await output.WriteLineAsync($"  memberships updated    {report.MembershipsUpdated,10:N0}");
        await output.WriteLineAsync($"  memberships ended      {report.MembershipsEnded,10:N0}");
        foreach (var rejection in report.RejectedRecords)
        {
            var scope = rejection.IsFileError ? "file" : "line";
            await output.WriteLineAsync($"  {scope} {rejection.LineNumber}{(rejection.Login is null ? "" : $" ({rejection.Login})")}: {rejection.Reason}");
        }
    }
}
