using ChorusAccount.Core.Memberships;
using ChorusAccount.Web.Configuration;
using Hangfire;
using Microsoft.Extensions.Options;

namespace ChorusAccount.Web.Jobs;

/// <summary>
/// The daily pass over the validity dates (<see cref="ExpireMemberships"/>): memberships past their end date ended,
/// those ending within <see cref="JobsOptions.MembershipEndReminderDays"/> announced once. Running it again changes nothing.
/// </summary>
public sealed class MembershipExpiryJob(ExpireMemberships expire, IOptions<JobsOptions> options, ILogger<MembershipExpiryJob> logger)
{
    public const string RecurringJobId = "membership-expiry";

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 2)]
    public async Task<ExpireMembershipsReport> RunAsync(CancellationToken ct)
    {
        var report = await expire.ExecuteAsync(options.Value.MembershipEndReminderDays, ct);
        logger.LogInformation("Validity dates of {Day}: {Ended} memberships ended, {Announced} end dates announced", report.Day, report.Ended, report.Announced);
        return report;
    }
}
