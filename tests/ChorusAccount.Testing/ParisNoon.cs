namespace ChorusAccount.Testing;

/// <summary>
/// Where a fake clock starts for tests that count days of the Paris calendar (validity dates, reminders, expiry): the
/// next noon in Paris. Started at the real time instead, a run a few minutes before midnight in Paris had its own
/// steps (the five minutes a digest waits) carry the clock into the next day, and a count of days came out one more.
/// The next noon, not today's: never behind the real time that the stand-in's tokens and the cookies are dated by.
/// </summary>
public static class ParisNoon
{
    private static readonly TimeZoneInfo _paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static DateTimeOffset After(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, _paris).DateTime;
        var noon = local.Date.AddHours(12);
        if (noon <= local)
        {
            noon = noon.AddDays(1);
        }

        return new DateTimeOffset(noon, _paris.GetUtcOffset(noon));
    }

    /// <summary>The next noon in Paris after now.</summary>
    public static DateTimeOffset Next() => After(DateTimeOffset.UtcNow);
}
