using ChorusAccount.Core.Memberships;

namespace ChorusAccount.Core.Madrhas;

/// <summary>
/// The import's rules for one valid line against the file's earlier lines and the database, free of any storage:
/// <see cref="MadrhasBatch"/> gathers the <see cref="Facts"/>, these rules decide. Reasons are in French, for the report.
/// </summary>
internal static class MadrhasLineRules
{
    /// <summary>What the import knows around a line, read before any of its changes is staged.</summary>
    /// <param name="FirstLine">The user's first applied line in this file; null when this line is its first.</param>
    /// <param name="HasMembership">The user already holds an active membership of the line's structure (MADRHAS or portal).</param>
    /// <param name="MembershipLine">The earlier line of this file that applied that membership, if one did.</param>
    /// <param name="FilePrimaryManager">The primary manager an earlier line of this file named for the structure.</param>
    /// <param name="OtherPrimaryManager">The structure's active primary manager, when another user than the line's.</param>
    public readonly record struct Facts(
        UserFingerprint? FirstLine,
        bool HasMembership,
        int? MembershipLine,
        (string Login, int LineNumber)? FilePrimaryManager,
        (string? Login, MembershipOrigin Origin)? OtherPrimaryManager);

    /// <summary>A refusal (the line stages nothing), or acceptance, handing the primary manager role over or not.</summary>
    public readonly record struct Verdict(string? Refusal, bool HandsOverPrimaryManager = false)
    {
        public static Verdict Accepted { get; } = new(null);
    }

    public static Verdict Check(MadrhasLine line, Facts facts, DateOnly today)
    {
        // A user's later lines must agree with its first one: it is applied once per run.
        if (facts.FirstLine is { } first && !first.Agrees(line, out var differing))
        {
            return Refused($"Colonnes de l'utilisateur différentes de la ligne {first.LineNumber}{(differing.Count > 0 ? " : " + string.Join(", ", differing) : "")}");
        }

        if (line.Membership is not { } link)
        {
            return Verdict.Accepted;
        }

        if (facts.MembershipLine is { } pairLine)
        {
            return Refused($"Rattachement en double : {line.Login} a déjà une ligne pour la structure {link.Identifier} (ligne {pairLine})");
        }

        var handsOver = false;
        if (link.Role == MembershipRole.PrimaryManager)
        {
            if (facts.FilePrimaryManager is { } declared && declared.Login != line.Login)
            {
                return Refused($"Gestionnaire principal en double : la structure {link.Identifier} a déjà pour gestionnaire principal {declared.Login} (ligne {declared.LineNumber})");
            }

            if (facts.OtherPrimaryManager is { } primary)
            {
                // MADRHAS may hand its own primary manager role over; one the portal gave is not its to take.
                if (primary.Origin != MembershipOrigin.Madrhas)
                {
                    return Refused($"Gestionnaire principal en double : la structure {link.Identifier} a déjà pour gestionnaire principal {primary.Login}, nommé dans le portail");
                }

                handsOver = true;
            }
        }

        // A new membership starts at the import date when the line gives no start.
        if (!facts.HasMembership && link.EndDate < (link.StartDate ?? today))
        {
            return Refused($"Date de fin ({link.EndDate:yyyy-MM-dd}) antérieure à la date de début par défaut, la date du jour ({today:yyyy-MM-dd})");
        }

        return new Verdict(null, handsOver);

        static Verdict Refused(string reason) => new(reason);
    }
}
