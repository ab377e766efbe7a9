namespace ChorusAccount.Core;

/// <summary>Dates as the agents see them: the calendar day in France, whatever the server's time zone.</summary>
public static class ParisDate
{
    private static readonly TimeZoneInfo _paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static DateOnly Today(TimeProvider clock) => Of(clock.GetUtcNow());

    public static DateOnly Of(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, _paris).DateTime);

    /// <summary>The Paris day of a UTC time as the portal stores it (<c>CreatedAt</c>, <c>RequestedAt</c>…).</summary>
    public static DateOnly OfUtc(DateTime utc) => Of(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));
}
