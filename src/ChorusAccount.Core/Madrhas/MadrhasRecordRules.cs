using ChorusAccount.Core.Memberships;

namespace ChorusAccount.Core.Madrhas;

/// <summary>
/// The import's rules for one valid record against the file's earlier records and the database, free of any storage:
/// <see cref="MadrhasBatch"/> gathers the <see cref="Facts"/>, these rules decide. Reasons are in French, for the report.
/// </summary>
internal static class MadrhasRecordRules
{
    /// <summary>What the import knows around a record, read before any of its changes is staged.</summary>
    /// <param name="FirstRecord">The user's first applied record in this file; null when this record is its first.</param>
    /// <param name="HasMembership">The user already holds an active membership of the record's structure (MADRHAS or portal).</param>
    /// <param name="MembershipLineNumber">The line number of the earlier record of this file that applied that membership, if one did.</param>
    /// <param name="FilePrimaryManager">The primary manager an earlier record of this file named for the structure.</param>
    /// <param name="OtherPrimaryManager">
    /// The structure's active primary manager, when the record gives that role to another user; whether MADRHAS named it.
    /// </param>
    /// <param name="Unchanged">The record is the one last applied to the pair's membership: nothing of it is applied again.</param>
    public readonly record struct Facts(
        UserFingerprint? FirstRecord,
        bool HasMembership,
        int? MembershipLineNumber,
        (string Login, int LineNumber)? FilePrimaryManager,
        (string? Login, bool NamedByMadrhas)? OtherPrimaryManager,
        bool Unchanged = false);

    /// <summary>A refusal (the record stages nothing), or acceptance, handing the primary manager role over or not.</summary>
    public readonly record struct Verdict(string? Refusal, bool HandsOverPrimaryManager = false)
    {
        public static Verdict Accepted { get; } = new(null);
    }

    public static Verdict Check(MadrhasValidRecord record, Facts facts, DateOnly today)
    {
        // A user's later records must agree with its first one: it is applied once per run.
        if (facts.FirstRecord is { } first && !first.Agrees(record, out var differing))
        {
            return Refused($"Colonnes de l'utilisateur différentes de la ligne {first.LineNumber}{(differing.Count > 0 ? " : " + string.Join(", ", differing) : "")}");
        }

        if (record.Membership is not { } link)
        {
            return Verdict.Accepted;
        }

        if (facts.MembershipLineNumber is { } pairLineNumber)
        {
            return Refused($"Rattachement en double : {record.Login} a déjà une ligne pour la structure {link.Identifier} (ligne {pairLineNumber})");
        }

        var handsOver = false;
        if (link.Role == MembershipRole.PrimaryManager)
        {
            if (facts.FilePrimaryManager is { } declared && declared.Login != record.Login)
            {
                return Refused($"Gestionnaire principal en double : la structure {link.Identifier} a déjà pour gestionnaire principal {declared.Login} (ligne {declared.LineNumber})");
            }

            if (facts.OtherPrimaryManager is { } primary)
            {
                // MADRHAS may hand its own primary manager role over; one the portal gave (a request, a handover) is not its to take.
                if (!primary.NamedByMadrhas)
                {
                    return Refused($"Gestionnaire principal en double : la structure {link.Identifier} a déjà pour gestionnaire principal {primary.Login}, nommé dans le portail");
                }

                handsOver = true;
            }
        }

        // A new membership starts at the import date when the record gives no start.
        if (!facts.Unchanged && !facts.HasMembership && link.EndDate < (link.StartDate ?? today))
        {
            return Refused($"Date de fin ({link.EndDate:yyyy-MM-dd}) antérieure à la date de début par défaut, la date du jour ({today:yyyy-MM-dd})");
        }

        return new Verdict(null, handsOver);

        static Verdict Refused(string reason) => new(reason);
    }
}
