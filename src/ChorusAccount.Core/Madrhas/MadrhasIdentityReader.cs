using ChorusAccount.Core.Structures;

namespace ChorusAccount.Core.Madrhas;

/// <summary>A user of an extract as a sign-in identity (the claims of the single-sign-on stand-in).</summary>
/// <param name="Uid">The MADRHAS identifiant, i.e. <c>User.Login</c>.</param>
/// <param name="Siret">The SIRET of the user's first SIRET structure in the file, if any.</param>
public sealed record MadrhasIdentity(string Uid, string FirstName, string LastName, string Email, string? Siret);

/// <summary>Lists the distinct users of an extract, e.g. the demo sign-in identities.</summary>
public static class MadrhasIdentityReader
{
    /// <summary>
    /// Users in order of first appearance, taken from their first valid line; rejected lines are skipped and
    /// inactive users are kept (signing in as one shows the deactivated case).
    /// </summary>
    public static async Task<IReadOnlyList<MadrhasIdentity>> ReadAsync(Stream extract, CancellationToken ct = default)
    {
        var identities = new List<MadrhasIdentity>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var record in MadrhasCsvReader.ReadAsync(extract, ct))
        {
            if (record is not MadrhasValidRecord line)
            {
                continue;
            }

            var siret = line.Membership is { IdentifierType: StructureIdentifierType.Siret } link ? link.Identifier : null;
            if (positions.TryGetValue(line.Login, out var position))
            {
                if (identities[position].Siret is null && siret is not null)
                {
                    identities[position] = identities[position] with { Siret = siret };
                }

                continue;
            }

            positions.Add(line.Login, identities.Count);
            identities.Add(new MadrhasIdentity(line.Login, line.FirstName, line.LastName, line.Email, siret));
        }

        return identities;
    }
}
