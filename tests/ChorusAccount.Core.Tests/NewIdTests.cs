using ChorusAccount.Core.Data;

namespace ChorusAccount.Core.Tests;

public sealed class NewIdTests
{
    // 300 ids drawn from each of three threads cross each thread's 4 KB refill (256 ids) at least once.
    private const int PerThread = 300;

    [Fact]
    public void Sequential_ids_are_version_7_with_the_time_they_were_made_in_their_first_48_bits()
    {
        var at = new DateTimeOffset(2026, 12, 7, 14, 30, 15, 123, TimeSpan.Zero);
        var id = NewId.Sequential(at);

        Assert.Equal(7, id.Version);
        Assert.Equal(0b10, id.Variant >> 2);
        var text = id.ToString("N");
        Assert.Equal(at.ToUnixTimeMilliseconds(), Convert.ToInt64(text[..12], 16));
    }

    [Fact]
    public void Sequential_ids_of_later_milliseconds_sort_after_earlier_ones_as_their_text_does()
    {
        var at = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, 50).Select(i => NewId.Sequential(at.AddMilliseconds(i))).ToList();

        Assert.Equal(ids.Select(i => i.ToString()).Order(StringComparer.Ordinal), ids.Select(i => i.ToString()));
        Assert.Equal(ids, ids.Order());
    }

    [Fact]
    public void Random_ids_are_version_4()
    {
        var id = NewId.Random();

        Assert.Equal(4, id.Version);
        Assert.Equal(0b10, id.Variant >> 2);
    }

    [Fact]
    public async Task Ids_drawn_on_several_threads_past_their_buffers_are_all_distinct()
    {
        var drawn = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
            Enumerable.Range(0, PerThread).SelectMany(_ => new[] { NewId.Random(), NewId.Sequential() }).ToList())));

        var all = drawn.SelectMany(ids => ids).ToList();
        Assert.Equal(3 * PerThread * 2, all.Count);
        Assert.Equal(all.Count, all.Distinct().Count());
        // Not a constant or a counter: the bits after the version differ from one id to the next.
        Assert.True(all.Select(i => i.ToString("N")[16..]).Distinct().Count() > all.Count - 2);
    }
}
