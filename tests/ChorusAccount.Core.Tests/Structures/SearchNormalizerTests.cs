using ChorusAccount.Core.Structures;

namespace ChorusAccount.Core.Tests.Structures;

public sealed class SearchNormalizerTests
{
    [Theory]
    [InlineData("Orléans", "orleans")]
    [InlineData("Chécy", "checy")]
    [InlineData("COMMUNAUTÉ DE COMMUNES DU VAL D'EXEMPLE", "communaute de communes du val d'exemple")]
    [InlineData("Île-de-France", "ile-de-france")]
    public void Case_and_accents_are_folded(string text, string expected) =>
        Assert.Equal(expected, SearchNormalizer.Normalize(text));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Missing_text_gives_an_empty_string(string? text) =>
        Assert.Equal("", SearchNormalizer.Normalize(text));
}
