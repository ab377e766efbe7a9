using ChorusAccount.Core;

namespace ChorusAccount.Core.Tests;

public sealed class PlainTextTests
{
    [Theory]
    [InlineData("Jean-Éloïse D'ARC", false)]
    [InlineData("Zoë Ω 日本語 🙂 e\u0301", false)]
    [InlineData("ligne 1\r\nligne 2\tfin", true)]
    [InlineData(null, false)]
    public void Plain_text_passes(string? value, bool multiline) => Assert.Null(PlainText.ForbiddenCharacter(value, multiline));

    [Theory]
    [InlineData("abc\u202Efdp.exe", false, 0x202E)]
    [InlineData("abc\u202Efdp.exe", true, 0x202E)]
    [InlineData("Ca\u200Bmille", false, 0x200B)]
    [InlineData("Ca\u2067mille", true, 0x2067)]
    [InlineData("a\u0000b", true, 0x0000)]
    [InlineData("a\tb", false, 0x0009)]
    [InlineData("a\u2028b", false, 0x2028)]
    public void The_first_forbidden_character_is_named(string value, bool multiline, int expected) =>
        Assert.Equal(expected, PlainText.ForbiddenCharacter(value, multiline));

    [Fact]
    public void Half_a_surrogate_pair_is_refused() =>
        Assert.Equal(0xD800, PlainText.ForbiddenCharacter(string.Concat("a", (char)0xD800, "b"), multiline: true));
}
