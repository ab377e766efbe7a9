using System.Globalization;
using System.IO.Hashing;
using System.Text;
using ChorusAccount.Core.Madrhas;

namespace ChorusAccount.Core.Tests.Madrhas;

/// <summary>How one import run knows the users it applied: by a 128-bit key of their login.</summary>
public sealed class MadrhasRunStateTests
{
    [Fact]
    public void A_login_has_one_key_and_two_logins_two_keys_case_included()
    {
        var key = MadrhasRunState.UserKey("pdufour");

        Assert.Equal(key, MadrhasRunState.UserKey(new string("pdufour".ToCharArray())));
        Assert.NotEqual(key, MadrhasRunState.UserKey("PDUFOUR"));
        Assert.NotEqual(key, MadrhasRunState.UserKey("pdufour1"));
        Assert.NotEqual(key, MadrhasRunState.UserKey("jmartin"));
    }

    [Fact]
    public void The_key_is_the_128_bit_xxh3_of_the_login_the_same_in_every_process()
    {
        Assert.Equal(XxHash128.HashToUInt128(Encoding.Unicode.GetBytes("agent0000042")), MadrhasRunState.UserKey("agent0000042"));
        // Not seeded per process (as string.GetHashCode is): the same value in every run, so a run's verdicts never vary.
        Assert.Equal(UInt128.Parse("BB5187650EEBC09517BC823402C60E4E", NumberStyles.HexNumber, CultureInfo.InvariantCulture), MadrhasRunState.UserKey("agent0000042"));
    }

    [Fact]
    public void A_million_distinct_logins_get_a_million_distinct_keys()
    {
        var keys = new HashSet<UInt128>();
        for (var i = 0; i < 1_000_000; i++)
        {
            keys.Add(MadrhasRunState.UserKey($"agent{i:D7}"));
        }

        Assert.Equal(1_000_000, keys.Count);
    }
}
