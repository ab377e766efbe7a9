
namespace ChorusAccount.Web.Mail;

public static class MailSetup
{
    public static IServiceCollection AddPortalMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MailOptions>().Bind(configuration.GetSection(MailOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.Delivery != MailDelivery.Smtp || !string.IsNullOrWhiteSpace(o.SmtpHost), "Mail:SmtpHost is required when Mail:Delivery is Smtp.")
            .ValidateOnStart();
        services.AddSingleton<SmtpConnector>();
        return services;
    }
}
