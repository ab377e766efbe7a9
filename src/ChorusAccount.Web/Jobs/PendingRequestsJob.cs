using ChorusAccount.Core.Memberships;
using ChorusAccount.Web.Configuration;
using Hangfire;
using Microsoft.Extensions.Options;

namespace ChorusAccount.Web.Jobs;

/// <summary>
/// The daily follow-up of pending requests (<see cref="FollowUpPendingRequests"/>): reminders to their deciders, then
/// expiry with the requester told, both read in the next digest. Running it twice the same day changes nothing.
/// </summary>
public sealed class PendingRequestsJob(FollowUpPendingRequests followUp, IOptions<RequestsOptions> options, ILogger<PendingRequestsJob> logger)
{
    public const string RecurringJobId = "pending-requests";

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 2)]
    public async Task<FollowUpReport> RunAsync(CancellationToken ct)
    {
        var report = await followUp.ExecuteAsync(options.Value.Rules, ct);
        logger.LogInformation("Pending requests followed up: {Report}", report);
        return report;
    }
}
