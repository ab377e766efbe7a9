using ChorusAccount.Core.Memberships;

namespace ChorusAccount.Core.Tests.Memberships;

/// <summary>When a pending request is recalled to its deciders and when it expires, in days of the Paris calendar.</summary>
public sealed class PendingRequestRulesTests
{
    private static readonly PendingRequestRules _rules = new(ReminderAfterDays: 7, ExpireAfterDays: 30);
    private static readonly DateOnly _requested = new(2026, 3, 1);

    [Theory]
    [InlineData(6, null, false)]
    [InlineData(7, null, true)]
    [InlineData(8, null, true)]
    [InlineData(8, 7, false)]
    [InlineData(13, 7, false)]
    [InlineData(14, 7, true)]
    [InlineData(28, 21, true)]
    [InlineData(29, 28, false)]
    public void A_request_is_recalled_once_per_period(int day, int? remindedDay, bool expected) =>
        Assert.Equal(expected, _rules.Reminds(_requested, remindedDay is { } r ? _requested.AddDays(r) : null, _requested.AddDays(day)));

    [Theory]
    [InlineData(29, false)]
    [InlineData(30, true)]
    [InlineData(45, true)]
    public void A_request_expires_after_its_delay(int day, bool expected) =>
        Assert.Equal(expected, _rules.Expires(_requested, _requested.AddDays(day)));

    [Fact]
    public void A_request_made_on_the_first_of_March_is_recalled_four_times_then_expires_on_the_31st()
    {
        DateOnly? reminded = null;
        var recalls = new List<int>();
        for (var day = 0; day <= 40 && !_rules.Expires(_requested, _requested.AddDays(day)); day++)
        {
            var today = _requested.AddDays(day);
            if (_rules.Reminds(_requested, reminded, today))
            {
                reminded = today;
                recalls.Add(today.Day);
            }
        }

        Assert.Equal([8, 15, 22, 29], recalls);
    }
}
