using ChorusAccount.Core;
using ChorusAccount.Web.Authentication;
using ChorusAccount.Web.Configuration;
using Hangfire;
using Hangfire.Common;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Options;

namespace ChorusAccount.Web.Jobs;

/// <summary>Hangfire: its storage follows the database engine, its dashboard is for operators only.</summary>
public static class JobsSetup
{
    public const string DashboardPath = "/ops/hangfire";

    public static IServiceCollection AddPortalJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString("Default");
        services.AddHangfire(hangfire =>
        {
            hangfire.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            // SQLite is the single-node embedded default: jobs need not outlive the process there.
            switch (database.Provider)
            {
                case DatabaseProvider.SqlServer:
                    hangfire.UseSqlServerStorage(connectionString);
                    break;
                case DatabaseProvider.PostgreSql:
                    hangfire.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connectionString));
                    break;
                default:
                    hangfire.UseInMemoryStorage();
                    break;
            }
        });
        // Hangfire's default activator is process-wide: with several hosts in one process (the tests) a job could
        // be activated by another host's, possibly disposed, container. Each server gets its own.
        services.AddHangfireServer((provider, o) =>
        {
            o.WorkerCount = 2;
            o.Activator = new Hangfire.AspNetCore.AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>());
            // The same goes for the filters: Hangfire's global ones (and the jobs' attributes), plus this host's telemetry.
            var telemetry = new JobFilterCollection();
            telemetry.Add(new JobTelemetryFilter(provider.GetRequiredService<PortalMetrics>()));
            o.FilterProvider = new JobFilterProviderCollection(JobFilterProviders.Providers, telemetry);
        });
        services.AddScoped<MadrhasImportJob>();
        services.AddScoped<MembershipExpiryJob>();
        services.AddScoped<PendingRequestsJob>();
        return services;
    }

    public static void MapPortalJobs(this WebApplication app)
    {
        var jobs = app.Services.GetRequiredService<IOptions<JobsOptions>>().Value;
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<MadrhasImportJob>(
            MadrhasImportJob.RecurringJobId,
            job => job.RunAsync(CancellationToken.None),
            jobs.MadrhasImportCron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(jobs.TimeZone) });
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<DigestJob>(
            DigestJob.RecurringJobId,
            job => job.RunAsync(CancellationToken.None),
            jobs.DigestCron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(jobs.TimeZone) });
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<PendingRequestsJob>(
            PendingRequestsJob.RecurringJobId,
            job => job.RunAsync(CancellationToken.None),
            jobs.PendingRequestsCron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(jobs.TimeZone) });

        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<MembershipExpiryJob>(
            MembershipExpiryJob.RecurringJobId,
            job => job.RunAsync(CancellationToken.None),
            jobs.MembershipExpiryCron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(jobs.TimeZone) });

        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<DigestJob>(
            DigestJob.OutboxJobId,
            job => job.DeliverDueAsync(CancellationToken.None),
            jobs.OutboxCron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(jobs.TimeZone) });

        // Access is the endpoint's policy (sign-in for visitors, 403 for agents); Hangfire's own local-only filter is dropped.
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions { Authorization = [], AppPath = "/ops/imports", DisplayStorageConnectionString = false })
            .RequireAuthorization(OperatorPolicy.Name);
    }
}
