using Microsoft.Extensions.Localization;

namespace ChorusAccount.Web.Localization;

/// <summary>A duration of settings as people say it: « 30 minutes », « 12 heures », « 1 hour ».</summary>
public static class DurationText
{
    public static string Of(TimeSpan duration, IStringLocalizer<UiText> t) => duration switch
    {
        { TotalHours: 1 } => t["Duration.Hour"],
        { TotalHours: >= 1 } when duration.Ticks % TimeSpan.TicksPerHour == 0 => t["Duration.Hours", (int)duration.TotalHours],
        { TotalMinutes: 1 } => t["Duration.Minute"],
        _ => t["Duration.Minutes", (int)Math.Ceiling(duration.TotalMinutes)],
    };
}
