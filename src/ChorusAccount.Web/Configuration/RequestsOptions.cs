using System.ComponentModel.DataAnnotations;
using ChorusAccount.Core.Memberships;

namespace ChorusAccount.Web.Configuration;

/// <summary>The `Requests` section: how long a pending membership or subscription request waits for a decision.</summary>
public sealed class RequestsOptions
{
    public const string Section = "Requests";

    /// <summary>Days after which a pending request comes back in its deciders' digest, then again every as many days.</summary>
    [Range(1, 365)]
    public int ReminderAfterDays { get; set; } = 7;

    /// <summary>Days after which a pending request expires undecided, its requester told.</summary>
    [Range(1, 3650)]
    public int ExpireAfterDays { get; set; } = 30;

    public PendingRequestRules Rules => new(ReminderAfterDays, ExpireAfterDays);
}
