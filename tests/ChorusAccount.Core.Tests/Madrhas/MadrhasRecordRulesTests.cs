using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Madrhas;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Structures;

namespace ChorusAccount.Core.Tests.Madrhas;

/// <summary>The import's per-line rules on their own: plain facts in, a refusal or an acceptance out.</summary>
public sealed class MadrhasRecordRulesTests
{
    private const string Siret = "21450234500017";
    private static readonly DateOnly _today = new(2026, 3, 2);

    private static MadrhasValidRecord Record(
        int number = 3, string login = "pdufour", string lastName = "DUFOUR", string email = "pauline.dufour@mairie-exemple.fr", string city = "Orléans",
        MembershipRole? role = MembershipRole.Member, DateOnly? start = null, DateOnly? end = null) =>
        new(number, login, "Mme", lastName, "Pauline", email, "1 place de la Mairie", null, "45000", city, "FR", UserStatus.Active,
            role is { } r ? new MadrhasMembership(StructureIdentifierType.Siret, Siret, "COMMUNE D'EXEMPLE", r, [], start, end) : null);

    private static MadrhasRecordRules.Facts None => new(null, false, null, null, null);

    private static MadrhasRecordRules.Verdict Check(MadrhasValidRecord line, MadrhasRecordRules.Facts facts) => MadrhasRecordRules.Check(line, facts, _today);

    [Fact]
    public void A_first_line_with_nothing_around_it_is_accepted() =>
        Assert.Equal(MadrhasRecordRules.Verdict.Accepted, Check(Record(), None));

    [Fact]
    public void A_later_line_agreeing_with_the_first_one_is_accepted_the_email_ignoring_case()
    {
        var first = UserFingerprint.Of(Record(number: 2));
        Assert.Null(Check(Record(email: "Pauline.Dufour@MAIRIE-exemple.fr"), None with { FirstRecord = first }).Refusal);
    }

    [Fact]
    public void A_later_line_disagreeing_with_the_first_one_is_refused_naming_the_columns()
    {
        var first = UserFingerprint.Of(Record(number: 2));
        Assert.Equal(
            "Colonnes de l'utilisateur différentes de la ligne 2 : nom, ville",
            Check(Record(lastName: "DURAND", city: "Tours"), None with { FirstRecord = first }).Refusal);
    }

    [Fact]
    public void A_user_without_a_structure_is_accepted() =>
        Assert.Null(Check(Record(role: null, end: _today.AddDays(-1)), None).Refusal);

    [Fact]
    public void A_second_line_for_the_same_user_and_structure_is_refused() =>
        Assert.Equal(
            "Rattachement en double : pdufour a déjà une ligne pour la structure 21450234500017 (ligne 2)",
            Check(Record(), None with { HasMembership = true, MembershipLineNumber = 2 }).Refusal);

    [Fact]
    public void A_second_primary_manager_named_by_the_file_is_refused() =>
        Assert.Equal(
            "Gestionnaire principal en double : la structure 21450234500017 a déjà pour gestionnaire principal jmartin (ligne 2)",
            Check(Record(role: MembershipRole.PrimaryManager), None with { FilePrimaryManager = ("jmartin", 2) }).Refusal);

    [Fact]
    public void The_primary_manager_the_file_named_may_have_another_line_for_the_structure() =>
        Assert.Null(Check(Record(role: MembershipRole.PrimaryManager), None with { FilePrimaryManager = ("pdufour", 2) }).Refusal);

    [Fact]
    public void A_record_unchanged_since_applied_is_not_checked_against_the_import_date() =>
        Assert.Null(Check(Record(end: _today.AddDays(-1)), None with { Unchanged = true }).Refusal);

    [Fact]
    public void A_record_unchanged_since_applied_still_names_one_primary_manager_per_file() =>
        Assert.Equal(
            "Gestionnaire principal en double : la structure 21450234500017 a déjà pour gestionnaire principal jmartin (ligne 2)",
            Check(Record(role: MembershipRole.PrimaryManager), None with { FilePrimaryManager = ("jmartin", 2), Unchanged = true }).Refusal);

    [Fact]
    public void A_primary_manager_named_in_the_portal_is_never_displaced() =>
        Assert.Equal(
            "Gestionnaire principal en double : la structure 21450234500017 a déjà pour gestionnaire principal jmartin, nommé dans le portail",
            Check(Record(role: MembershipRole.PrimaryManager), None with { OtherPrimaryManager = ("jmartin", false) }).Refusal);

    [Fact]
    public void A_primary_manager_from_madrhas_is_handed_over() =>
        Assert.Equal(
            new MadrhasRecordRules.Verdict(null, HandsOverPrimaryManager: true),
            Check(Record(role: MembershipRole.PrimaryManager), None with { OtherPrimaryManager = ("jmartin", true) }));

    [Fact]
    public void Another_primary_manager_does_not_matter_to_a_line_naming_another_role() =>
        Assert.Equal(
            MadrhasRecordRules.Verdict.Accepted,
            Check(Record(role: MembershipRole.SecondaryManager), None with { OtherPrimaryManager = ("jmartin", false) }));

    [Fact]
    public void A_new_membership_ending_before_the_import_date_without_a_start_is_refused() =>
        Assert.Equal(
            "Date de fin (2026-03-01) antérieure à la date de début par défaut, la date du jour (2026-03-02)",
            Check(Record(end: _today.AddDays(-1)), None).Refusal);

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void A_new_membership_ending_on_or_after_the_import_date_is_accepted(int days) =>
        Assert.Null(Check(Record(end: _today.AddDays(days)), None).Refusal);

    [Fact]
    public void A_past_end_date_is_accepted_with_an_earlier_start_or_on_an_existing_membership()
    {
        Assert.Null(Check(Record(start: _today.AddDays(-30), end: _today.AddDays(-1)), None).Refusal);
        Assert.Null(Check(Record(end: _today.AddDays(-1)), None with { HasMembership = true }).Refusal);
    }
}
