using ChorusAccount.Testing;

namespace ChorusAccount.Web.Tests.Infrastructure;

/// <summary>The fake clocks of the Paris-day tests start at the next noon in Paris, whatever the hour of the run.</summary>
public sealed class ParisNoonTests
{
    [Theory]
    // Two minutes before midnight in Paris (winter): the next day's noon, 11:00 UTC.
    [InlineData("2026-12-07T22:58:00Z", "2026-12-08T11:00:00Z")]
    // The morning: the same day's noon.
    [InlineData("2026-12-08T07:00:00Z", "2026-12-08T11:00:00Z")]
    // Noon itself is past: the next one.
    [InlineData("2026-12-08T11:00:00Z", "2026-12-09T11:00:00Z")]
    // The day the clocks go forward: noon in summer time, 10:00 UTC.
    [InlineData("2027-03-28T00:30:00Z", "2027-03-28T10:00:00Z")]
    public void The_clock_starts_at_the_next_noon_in_Paris(string now, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            ParisNoon.After(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));
}
