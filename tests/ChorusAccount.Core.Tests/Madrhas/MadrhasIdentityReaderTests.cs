using ChorusAccount.Core.Madrhas;
using ChorusAccount.Core.Tests.Support;

namespace ChorusAccount.Core.Tests.Madrhas;

public sealed class MadrhasIdentityReaderTests
{
    [Fact]
    public async Task Siret_comes_from_the_first_siret_structure_even_after_a_structure_of_another_type()
    {
        var stream = Extract.Of(
            Extract.NoStructure(),
            Extract.Line(identifiant: "sgirard", civilite: "M.", nom: "GIRARD", prenom: "Sébastien", email: "sgirard@mairie-exemple.fr",
                type: "AUTRE", structure: "ASSO-45-001", raisonSociale: "AMICALE DU PERSONNEL", role: "UTILISATEUR"),
            Extract.Line(identifiant: "sgirard", civilite: "M.", nom: "GIRARD", prenom: "Sébastien", email: "sgirard@mairie-exemple.fr",
                structure: Extract.CcasSiret, raisonSociale: "CCAS D'EXEMPLE", role: "UTILISATEUR"),
            Extract.Line(identifiant: "sgirard", civilite: "M.", nom: "GIRARD", prenom: "Sébastien", email: "sgirard@mairie-exemple.fr",
                role: "UTILISATEUR"));

        var identity = Assert.Single(await MadrhasIdentityReader.ReadAsync(stream));

        Assert.Equal(new MadrhasIdentity("sgirard", "Sébastien", "GIRARD", "sgirard@mairie-exemple.fr", Extract.CcasSiret), identity);
    }

    [Fact]
    public async Task Rejected_lines_give_no_identity()
    {
        var stream = Extract.Of(Extract.Line(email: "pas-un-email"), Extract.Line(identifiant: "jmartin", nom: "MARTIN", prenom: "Jean", role: "UTILISATEUR"));

        var identity = Assert.Single(await MadrhasIdentityReader.ReadAsync(stream));

        Assert.Equal("jmartin", identity.Uid);
    }
}
