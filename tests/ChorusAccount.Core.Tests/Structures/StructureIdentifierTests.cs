using ChorusAccount.Core.Structures;

namespace ChorusAccount.Core.Tests.Structures;

public sealed class StructureIdentifierTests
{
    [Theory]
    [InlineData("21450234500017")]
    [InlineData("20004512800010")]
    [InlineData("26450123000017")]
    public void Siret_with_a_valid_Luhn_key_is_valid(string siret) =>
        Assert.Equal(SiretCheck.Valid, StructureIdentifier.CheckSiret(siret));

    [Fact]
    public void Siret_with_spaces_between_its_groups_is_valid() =>
        Assert.Equal(SiretCheck.Valid, StructureIdentifier.CheckSiret("214 502 345 00017"));

    [Theory]
    [InlineData("21450234500018")]
    [InlineData("21450234500071")]
    public void Siret_with_a_wrong_Luhn_key_has_a_bad_checksum(string siret) =>
        Assert.Equal(SiretCheck.BadChecksum, StructureIdentifier.CheckSiret(siret));

    [Theory]
    [InlineData("2145023450001")]
    [InlineData("214502345000170")]
    [InlineData("2145023450001A")]
    public void Siret_that_is_not_fourteen_digits_is_rejected_as_such(string siret) =>
        Assert.Equal(SiretCheck.NotFourteenDigits, StructureIdentifier.CheckSiret(siret));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Missing_siret_is_empty(string? siret) =>
        Assert.Equal(SiretCheck.Empty, StructureIdentifier.CheckSiret(siret));

    [Fact]
    public void La_Poste_siret_whose_digit_sum_is_a_multiple_of_five_is_valid_although_it_fails_Luhn()
    {
        // 3+5+6+1+5 = 20.
        Assert.False(StructureIdentifier.PassesLuhn("35600000000015"));
        Assert.Equal(SiretCheck.Valid, StructureIdentifier.CheckSiret("35600000000015"));
    }

    [Fact]
    public void La_Poste_siret_whose_digit_sum_is_not_a_multiple_of_five_is_invalid_although_it_passes_Luhn()
    {
        // 3+5+6+1+4 = 19.
        Assert.True(StructureIdentifier.PassesLuhn("35600000000014"));
        Assert.Equal(SiretCheck.BadChecksum, StructureIdentifier.CheckSiret("35600000000014"));
    }
}

/// <summary>The identifier and postal code of a structure search as people type them (issue 17, item 4).</summary>
public sealed class StructureSearchCriteriaTests
{
    [Theory]
    [InlineData("214502345", "214502345")]
    [InlineData("214 502 345", "214502345")]
    [InlineData("2145023450001", "2145023450001")]
    public void A_SIREN_or_the_start_of_a_SIRET_is_searched_as_a_start(string typed, string start)
    {
        var criteria = new StructureSearchCriteria(Identifier: typed);

        Assert.Equal(start, criteria.SiretStart);
        Assert.Equal(SiretCheck.Valid, criteria.IdentifierCheck);
    }

    [Theory]
    [InlineData("21450234500017", SiretCheck.Valid)]
    [InlineData("21450234500018", SiretCheck.BadChecksum)]
    [InlineData("21450234", SiretCheck.NotFourteenDigits)]
    [InlineData("21450234A", SiretCheck.NotFourteenDigits)]
    [InlineData("214502345000170", SiretCheck.NotFourteenDigits)]
    public void A_full_SIRET_is_checked_and_fewer_than_nine_digits_or_letters_are_refused(string typed, SiretCheck expected)
    {
        var criteria = new StructureSearchCriteria(Identifier: typed);

        Assert.Null(criteria.SiretStart);
        Assert.Equal(expected, criteria.IdentifierCheck);
    }

    [Fact]
    public void An_identifier_of_another_type_is_neither_a_start_nor_checked_as_a_SIRET()
    {
        var criteria = new StructureSearchCriteria(Identifier: "123", IdentifierType: StructureIdentifierType.Ridet);

        Assert.Null(criteria.SiretStart);
        Assert.Equal(SiretCheck.Valid, criteria.IdentifierCheck);
    }

    [Theory]
    [InlineData(" 45 ", "45")]
    [InlineData("45430", "45430")]
    [InlineData("  ", null)]
    public void A_postal_code_is_the_start_of_the_codes_it_finds(string typed, string? start) =>
        Assert.Equal(start, new StructureSearchCriteria(PostalCode: typed).PostalCodeStart);

    [Theory]
    [InlineData("45430", true)]
    [InlineData("4543", false)]
    [InlineData("45", false)]
    [InlineData("SW1A1", false)]
    public void Only_five_digits_are_a_whole_postal_code_matched_as_one(string typed, bool whole) =>
        Assert.Equal(whole, new StructureSearchCriteria(PostalCode: typed).PostalCodeIsWhole);
}
