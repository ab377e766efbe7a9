using ChorusAccount.Core.Notifications;
using ChorusAccount.Web.Authentication;
using ChorusAccount.Web.Mail;
using ChorusAccount.Web.Models;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ChorusAccount.Web.Jobs;

/// <summary>The daily digest and the invoice events endpoint: use cases, transport, job, the API key scheme.</summary>
public static class NotificationsSetup
{
    public static IServiceCollection AddPortalNotifications(this IServiceCollection services)
    {
        services.AddScoped<RecordInvoiceEvents>();
        services.AddScoped<PlanDigests>();
        services.AddScoped<DigestQueue>();
        services.AddScoped<ComposeDigests>();
        services.AddScoped<GetDigestOverview>();
        services.AddScoped<InvoiceEventFormValidator>();
        services.AddSingleton<DigestMailRenderer>();
        services.AddSingleton<SmtpDigestTransport>();
        services.AddSingleton<PickupFolderDigestTransport>();
        services.AddSingleton<IDigestTransport>(sp => sp.GetRequiredService<IOptions<MailOptions>>().Value.Delivery == MailDelivery.Smtp
            ? sp.GetRequiredService<SmtpDigestTransport>()
            : sp.GetRequiredService<PickupFolderDigestTransport>());
        services.AddScoped<DigestJob>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthentication.Scheme, null);
        services.AddAuthorizationBuilder().AddPolicy(ApiKeyAuthentication.Policy, p => p.AddAuthenticationSchemes(ApiKeyAuthentication.Scheme).RequireAuthenticatedUser());
        return services;
    }
}
