using ChorusAccount.Core.Documents;

namespace ChorusAccount.Core.Tests.Documents;

public sealed class DocumentFileNameTests
{
    [Theory]
    [InlineData("../../etc/passwd.pdf", "passwd.pdf")]
    [InlineData("C:\\Windows\\System32\\facture.pdf", "facture.pdf")]
    [InlineData("fac\u0000tu\u001Fre\u007F.pdf", "facture.pdf")]
    [InlineData("ligne\r\nsuivante.pdf", "lignesuivante.pdf")]
    [InlineData("rapport\u202Efdp.exe", "rapportfdp.exe")]
    [InlineData("a\u200Bb\u200Ec\u2066d\u2069\uFEFF.pdf", "abcd.pdf")]
    [InlineData("devis <final>: v2?.pdf", "devis _final__ v2_.pdf")]
    [InlineData("  ..cache.pdf  ", "cache.pdf")]
    [InlineData("note.txt. . ", "note.txt")]
    [InlineData("Présentation de la mairie.pdf", "Présentation de la mairie.pdf")]
    [InlineData("Pre\u0301sentation.pdf", "Présentation.pdf")]
    public void Unsafe_parts_are_removed_from_names(string name, string safe) =>
        Assert.Equal(safe, DocumentFileName.Sanitize(name));

    [Theory]
    [InlineData("a.PDF", "pdf")]
    [InlineData("archive.tar.gz", "gz")]
    [InlineData("sans", "")]
    [InlineData(".cache", "")]
    [InlineData("fin.", "")]
    public void The_extension_is_the_lower_case_part_after_the_last_dot(string name, string extension) =>
        Assert.Equal(extension, DocumentFileName.ExtensionOf(name));

    [Fact]
    public void Duplicate_names_in_a_ZIP_are_numbered()
    {
        var names = new ZipEntryNames();

        Assert.Equal(
            ["devis.pdf", "devis (2).pdf", "DEVIS (3).PDF", "autre.pdf", "devis (4).pdf", "sans", "sans (2)"],
            new[] { "devis.pdf", "devis.pdf", "DEVIS.PDF", "autre.pdf", "devis.pdf", "sans", "sans" }.Select(names.Next).ToArray());
    }
}
