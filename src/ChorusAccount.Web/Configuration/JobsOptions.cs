using System.ComponentModel.DataAnnotations;
using ChorusAccount.Core.Madrhas;

namespace ChorusAccount.Web.Configuration;

/// <summary>The `Jobs` section: the nightly MADRHAS import, the daily notification digest, the daily pass over the memberships' validity dates and the follow-up of pending requests.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Cron expression of the import (five fields), in <see cref="TimeZone"/>.</summary>
    [Required]
    public string MadrhasImportCron { get; set; } = "0 2 * * *";

    [Required]
    public string TimeZone { get; set; } = "Europe/Paris";

    /// <summary>Where MADRHAS drops its extracts; the newest `.csv` is imported.</summary>
    [Required]
    public string DropFolder { get; set; } = "App_Data/madrhas/depot";

    /// <summary>Where imported extracts are moved, so that the next run does not take them again.</summary>
    [Required]
    public string ArchiveFolder { get; set; } = "App_Data/madrhas/archives";

    /// <summary>The nightly extract lists every user: MADRHAS memberships absent from it are ended.</summary>
    public bool FullExtract { get; set; } = true;

    [Range(100, 50_000)]
    public int BatchSize { get; set; } = MadrhasImportOptions.DefaultBatchSize;

    /// <summary>Cron expression of the daily digest (five fields), in <see cref="TimeZone"/>.</summary>
    [Required]
    public string DigestCron { get; set; } = "0 7 * * *";

    /// <summary>
    /// Cron expression of the outbox worker (five fields): decision emails, and digests whose retry fell due, are sent by
    /// it. Every minute by default: a decision email goes within a minute of the decision.
    /// </summary>
    [Required]
    public string OutboxCron { get; set; } = "* * * * *";

    /// <summary>Events younger than this when the digest runs wait for the next one (a request may still be committing them).</summary>
    public TimeSpan DigestSettleDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Cron expression (five fields, in <see cref="TimeZone"/>) of the daily follow-up of pending requests: reminders and expiry, before the digest.</summary>
    [Required]
    public string PendingRequestsCron { get; set; } = "30 6 * * *";

    /// <summary>How long a run holds the digests it took; those of a run that died are taken again after it.</summary>
    public TimeSpan DigestClaimLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Cron expression of the daily pass over the validity dates (five fields), in <see cref="TimeZone"/>: memberships
    /// past their end date are ended, those ending soon announced. Early in the night, so that the morning digest tells.
    /// </summary>
    [Required]
    public string MembershipExpiryCron { get; set; } = "5 0 * * *";

    /// <summary>Days before a membership's end date when its user and the structure's managers are told, once (0: on the last day).</summary>
    [Range(0, 365)]
    public int MembershipEndReminderDays { get; set; } = 15;
}
