using System.Text.Encodings.Web;
using System.Text.Unicode;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Auditing;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Documents;
using ChorusAccount.Core.Madrhas;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Structures;
using ChorusAccount.Core.Subscriptions;
using ChorusAccount.Web.Authentication;
using ChorusAccount.Web.Configuration;
using ChorusAccount.Web.Data;
using ChorusAccount.Web.Infrastructure;
using ChorusAccount.Web.Jobs;
using ChorusAccount.Web.Localization;
using ChorusAccount.Web.Mail;
using ChorusAccount.Web.Models;
using ChorusAccount.Web.Security;
using ChorusAccount.Web.Telemetry;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.WebEncoders;
using Serilog;

// Settings the portal refuses (Options validation, DeploymentSafety) end the process with one line naming them, not a
// stack trace. (Under the test host the entry point runs on a thread that reports the exception to the test instead.)
AppDomain.CurrentDomain.UnhandledException += (_, e) =>
{
    if (DeploymentSafety.RefusalLine(e.ExceptionObject) is { } line)
    {
        Console.Error.WriteLine(line);
        Console.Error.Flush();
        Environment.Exit(1);
    }
};

// Command-line verbs come first; the rest of the arguments are configuration.
var verb = args.FirstOrDefault(a => !a.StartsWith('-') && !a.Contains('=')) is { } first && CommandLineVerbs.Known.Contains(first) ? first : null;
var verbArgs = verb is null ? [] : args.SkipWhile(a => a != verb).Skip(1).Where(a => !a.Contains('=')).ToList();
var hostArgs = verb is null ? args : args.Where(a => a != verb && !verbArgs.Contains(a)).ToArray();

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = hostArgs, EnvironmentName = DefaultEnvironment.Of(hostArgs) });
// Each host logs through its own logger, never the static Log.Logger: the last host started in a process would own that
// one (the tests run several portals side by side), and nothing here logs through it.
builder.Services.AddSerilog(
    (services, logger) => logger
        .ReadFrom.Configuration(builder.Configuration)
        .ReadFrom.Services(services)
        .Enrich.FromLogContext()
        .WriteTo.Console(),
    preserveStaticLogger: true);

builder.Services.AddOptions<DatabaseOptions>().Bind(builder.Configuration.GetSection(DatabaseOptions.Section)).ValidateOnStart();
builder.Services.AddOptions<PigpSsoOptions>().Bind(builder.Configuration.GetSection(PigpSsoOptions.Section)).ValidateDataAnnotations()
    .Validate(o => o.Embedded || !string.IsNullOrWhiteSpace(o.Authority), "Pigp:Authority is required when Pigp:Embedded is false (the PIGP's address; a public demonstration sets Pigp:Embedded=true and Demo:PublicInstance=true).")
    .Validate(o => o.Embedded || !string.IsNullOrWhiteSpace(o.ClientSecret), "Pigp:ClientSecret is required when Pigp:Embedded is false: the secret the PIGP gave this portal.")
    .ValidateOnStart();
builder.Services.AddOptions<PortalSessionOptions>().Bind(builder.Configuration.GetSection(PortalSessionOptions.Section))
    .Validate(o => o.IdleTimeout > TimeSpan.Zero && o.AbsoluteTimeout >= o.IdleTimeout, "Session timeouts must be positive, the absolute one at least the idle one.")
    .ValidateOnStart();

builder.Services.AddOptions<DocumentsOptions>().Bind(builder.Configuration.GetSection(DocumentsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();

builder.Services.AddOptions<JobsOptions>().Bind(builder.Configuration.GetSection(JobsOptions.Section)).ValidateDataAnnotations()
    .Validate(o => CronExpressions.IsValid(o.MadrhasImportCron), "Jobs:MadrhasImportCron is not a valid five-field cron expression.")
    .Validate(o => CronExpressions.IsValid(o.DigestCron), "Jobs:DigestCron is not a valid five-field cron expression.")
    .Validate(o => CronExpressions.IsValid(o.MembershipExpiryCron), "Jobs:MembershipExpiryCron is not a valid five-field cron expression.")
    .Validate(o => CronExpressions.IsValid(o.OutboxCron), "Jobs:OutboxCron is not a valid five-field cron expression.")
    .Validate(o => CronExpressions.IsValid(o.PendingRequestsCron), "Jobs:PendingRequestsCron is not a valid five-field cron expression.")
    .Validate(o => o.DigestSettleDelay >= TimeSpan.Zero && o.DigestClaimLease > TimeSpan.Zero, "Jobs:DigestSettleDelay must not be negative, Jobs:DigestClaimLease must be positive.")
    .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Jobs:TimeZone is not a known time zone.")
    .ValidateOnStart();

builder.Services.AddOptions<NotificationsOptions>().Bind(builder.Configuration.GetSection(NotificationsOptions.Section)).ValidateDataAnnotations()
    .Validate(o => o.ApiKeys.All(k => string.IsNullOrEmpty(k) || k.Length >= ApiKeyAuthentication.MinimumKeyLength), $"Notifications:ApiKeys must be at least {ApiKeyAuthentication.MinimumKeyLength} characters long.")
    .ValidateOnStart();
builder.Services.AddOptions<DemoOptions>().Bind(builder.Configuration.GetSection(DemoOptions.Section)).ValidateOnStart();
builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<DemoOptions>, DeploymentSafety>();
builder.Services.AddOptions<RequestsOptions>().Bind(builder.Configuration.GetSection(RequestsOptions.Section)).ValidateDataAnnotations()
    .Validate(o => o.ReminderAfterDays < o.ExpireAfterDays, "Requests:ReminderAfterDays must be less than Requests:ExpireAfterDays.")
    .ValidateOnStart();
builder.Services.AddOptions<OperatorsOptions>().Bind(builder.Configuration.GetSection(OperatorsOptions.Section));
builder.Services.AddOptions<SpacesOptions>().Bind(builder.Configuration.GetSection(SpacesOptions.Section)).ValidateOnStart();
builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<SpacesOptions>, SpacesOptionsValidator>();
builder.Services.AddOptions<InformationOptions>().Bind(builder.Configuration.GetSection(InformationOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<HelpOptions>().Bind(builder.Configuration.GetSection(HelpOptions.Section)).ValidateDataAnnotations().ValidateOnStart();

builder.Services.AddSingleton(TimeProvider.System);
// French text is written as it is, not as numeric entities.
builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
builder.Services.AddChorusAccountDatabase(builder.Configuration, builder.Environment);
builder.Services.AddPortalSecurity(builder.Configuration, builder.Environment);
builder.Services.AddPortalAuthentication(builder.Configuration);
builder.Services.AddPortalLocalization();
builder.Services.AddScoped<MadrhasImporter>();
builder.Services.AddScoped<GetImportRuns>();
builder.Services.AddScoped<ExpireMemberships>();
builder.Services.AddPortalJobs(builder.Configuration);
builder.Services.AddScoped<UpdateProfile>();
builder.Services.AddScoped<GetAccountOverview>();
builder.Services.AddScoped<GetAuditHistory>();
builder.Services.AddScoped<ExportPersonalData>();
builder.Services.AddScoped<GetDocuments>();
builder.Services.AddSingleton<IDocumentContentStreamer, SqliteDocumentContentStreamer>();
builder.Services.AddScoped<AddDocument>();
builder.Services.AddScoped<DeleteDocuments>();
builder.Services.AddScoped<AccountPageBuilder>();
builder.Services.AddPortalMail(builder.Configuration);
builder.Services.AddScoped<StructureDirectoryLoader>();
builder.Services.AddScoped<SearchStructures>();
builder.Services.AddScoped<GetStructureCard>();
builder.Services.AddScoped<RequestMembership>();
builder.Services.AddScoped<GetMembershipsToDelete>();
builder.Services.AddScoped<DeleteMemberships>();
builder.Services.AddScoped<GetManagerActivities>();
builder.Services.AddScoped<DecideMemberships>();
builder.Services.AddScoped<GetSubscriptionChoices>();
builder.Services.AddScoped<RequestSubscription>();
builder.Services.AddScoped<DecideSubscriptions>();
builder.Services.AddScoped<DeleteSubscriptions>();
builder.Services.AddScoped<WithdrawRequest>();
builder.Services.AddScoped<FollowUpPendingRequests>();
builder.Services.AddScoped<GetRequestsWithoutDecider>();
builder.Services.AddPortalNotifications();
builder.Services.AddValidatorsFromAssemblyContaining<ProfileFormValidator>(ServiceLifetime.Scoped);
builder.Services.AddControllersWithViews(o =>
{
    o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
    o.Filters.Add(new RequireCompletedProfileFilter());
    o.Filters.Add<OneConnectionPerRequest>();
    // The demo's pages (the invoice module's stand-in) exist only with the demo data.
    o.Conventions.Add(new ChorusAccount.Web.Controllers.DemoPages(builder.Configuration.GetValue<bool>($"{DatabaseOptions.Section}:{nameof(DatabaseOptions.LoadDemoData)}")));
    // Forms are validated by their FluentValidation validators, in the user's language; their annotations describe
    // the fields to the tag helpers only.
    o.ModelMetadataDetailsProviders.Add(new SuppressChildValidationMetadataProvider(typeof(IFluentValidatedForm)));
});
builder.Services.AddHealthChecks().AddDbContextCheck<ChorusAccountDbContext>("database", tags: ["ready"]);
builder.Services.AddPortalTelemetry(builder.Configuration);

var app = builder.Build();
// Every setting is checked before anything runs (a verb, the migrations, the demo data), not at the host's start only.
app.Services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
DeploymentSafety.WarnIfPublicInstance(app.Services, app.Logger);
app.StartTelemetry();

if (verb is not null)
{
    return await CommandLineVerbs.RunAsync(verb, verbArgs, app, Console.Out);
}

await app.PrepareDatabaseAsync();

app.UsePortalSecurity();
app.UsePortalRequestLogging();
// A client gone before the answer (its request cancelled) gets 499 and no error page; any other exception, the 500 page.
app.UseExceptionHandler("/erreur");
app.UseStatusCodePagesWithReExecute("/erreur/{0}");
// wwwroot before routing and authentication: an asset never renews a session cookie (a response that sets one is
// never cached). The layout links each file with its content hash (asp-append-version): that URL is cached for a year.
// Pages themselves are not compressed: reflected input next to personal data over TLS is what BREACH needs.
app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = StaticAssetCaching.Apply });
app.UseRouting();
app.UseAuthentication();
app.UseRequestLocalization();
app.UseAuthorization();
app.UseRateLimiter();

app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
app.MapControllers();
app.MapPortalJobs();
app.MapPortalMetrics();

await app.RunAsync();
return 0;

public partial class Program;
