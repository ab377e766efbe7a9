using System.ComponentModel.DataAnnotations;

namespace ChorusAccount.Web.Mail;

/// <summary>The « Mail » section: a pickup folder of .eml files by default, SMTP (MailKit) otherwise.</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    public MailDelivery Delivery { get; set; } = MailDelivery.PickupFolder;

    [Required, EmailAddress]
    public string From { get; set; } = "ne-pas-repondre@chorus-pro.example";

    /// <summary>Relative to the content root.</summary>
    [Required]
    public string PickupFolder { get; set; } = "App_Data/mails";

    public string? SmtpHost { get; set; }

    [Range(1, 65535)]
    public int SmtpPort { get; set; } = 587;

    public bool SmtpStartTls { get; set; } = true;
    public string? SmtpUser { get; set; }
    public string? SmtpPassword { get; set; }
}

public enum MailDelivery
{
    PickupFolder,
    Smtp,
}
