using ChorusAccount.Core.Notifications;
using Microsoft.Extensions.Options;

namespace ChorusAccount.Web.Mail;

public static class MailSetup
{
    public static IServiceCollection AddPortalMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MailOptions>().Bind(configuration.GetSection(MailOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.Delivery != MailDelivery.Smtp || !string.IsNullOrWhiteSpace(o.SmtpHost), "Mail:SmtpHost is required when Mail:Delivery is Smtp.")
            .ValidateOnStart();
        services.AddSingleton<SmtpConnector>();
        services.AddSingleton<PickupFolderMailSender>();
        services.AddSingleton<SmtpMailSender>();
        services.AddSingleton<IMailSender>(sp => sp.GetRequiredService<IOptions<MailOptions>>().Value.Delivery == MailDelivery.Smtp
            ? sp.GetRequiredService<SmtpMailSender>()
            : sp.GetRequiredService<PickupFolderMailSender>());
        services.AddScoped<DecisionMails>();
        return services;
    }
}
