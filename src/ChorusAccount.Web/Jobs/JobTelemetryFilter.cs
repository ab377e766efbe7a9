using System.Diagnostics;
using ChorusAccount.Core;
using Hangfire.Common;
using Hangfire.Server;

namespace ChorusAccount.Web.Jobs;

/// <summary>
/// Around every Hangfire job this server performs: an activity of <see cref="ActivitySourceName"/> (the job's trace, its
/// database spans beneath it, when tracing is on), and its run counted with its outcome and duration
/// (<see cref="PortalMetrics.JobPerformed"/>). Hangfire has no instrumentation of its own. Given to this host's server
/// only (<see cref="JobsSetup"/>), never to Hangfire's process-wide filters: the tests run several hosts in one process.
/// </summary>
public sealed class JobTelemetryFilter(PortalMetrics metrics) : IServerFilter
{
    public const string ActivitySourceName = "ChorusAccount.Jobs";

    private const string StartedKey = "ChorusAccount.Telemetry.Started";
    private const string ActivityKey = "ChorusAccount.Telemetry.Activity";
    private static readonly ActivitySource _source = new(ActivitySourceName);

    /// <summary>What the metrics and the trace call a job: its class and method, « MadrhasImportJob.RunAsync ».</summary>
    public static string NameOf(Job job) => $"{job.Type.Name}.{job.Method.Name}";

    public void OnPerforming(PerformingContext context)
    {
        var activity = _source.StartActivity(NameOf(context.BackgroundJob.Job), ActivityKind.Internal);
        activity?.SetTag("hangfire.job.id", context.BackgroundJob.Id);
        context.Items[ActivityKey] = activity;
        context.Items[StartedKey] = Stopwatch.GetTimestamp();
    }

    public void OnPerformed(PerformedContext context)
    {
        var failed = context.Exception is not null && !context.ExceptionHandled;
        if (context.Items.TryGetValue(StartedKey, out var started) && started is long timestamp)
        {
            metrics.JobPerformed(NameOf(context.BackgroundJob.Job), failed, Stopwatch.GetElapsedTime(timestamp));
        }

        if (context.Items.TryGetValue(ActivityKey, out var item) && item is Activity activity)
        {
            if (failed)
            {
                // The exception's type, not its message: a message may quote personal data (an address), traces leave the machine.
                activity.SetStatus(ActivityStatusCode.Error);
                activity.SetTag("error.type", context.Exception!.GetType().FullName);
            }

            activity.Dispose();
        }
    }
}
