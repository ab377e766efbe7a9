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

    /// <summary>How the connection is secured (MailKit's SecureSocketOptions).</summary>
    public SmtpTlsMode SmtpTls { get; set; } = SmtpTlsMode.StartTls;

    /// <summary>When set, the client authenticates with <see cref="SmtpPassword"/>.</summary>
    public string? SmtpUser { get; set; }

    public string? SmtpPassword { get; set; }

    /// <summary>Connections the digest opens in parallel, each reused for many messages.</summary>
    [Range(1, 32)]
    public int SmtpConnections { get; set; } = 4;

    /// <summary>Longest wait for one SMTP exchange.</summary>
    public TimeSpan SmtpTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Wait before retrying a digest after a transient failure; doubles at each failure.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Transient failures before a digest is given up (status Failed).</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 6;
}

public enum MailDelivery
{
    PickupFolder,
    Smtp,
}

/// <summary>MailKit's SecureSocketOptions, named for the configuration.</summary>
public enum SmtpTlsMode
{
    /// <summary>Plain text: a relay on loopback or in a trusted network only.</summary>
    None,

    /// <summary>TLS on connect (port 465).</summary>
    SslOnConnect,

    /// <summary>STARTTLS required (port 587).</summary>
    StartTls,

    /// <summary>STARTTLS when the server offers it, plain text otherwise.</summary>
    StartTlsWhenAvailable,

    /// <summary>MailKit decides from the port.</summary>
    Auto,
}
