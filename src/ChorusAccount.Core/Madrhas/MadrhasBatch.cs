using ChorusAccount.Core.Data;
using ChorusAccount.Core.Memberships;

namespace ChorusAccount.Core.Madrhas;

/// <summary>
/// Applies the valid records of one batch: <see cref="MadrhasBatchLoader"/> reads what they touch, <see cref="MadrhasRecordRules"/>
/// checks each record, <see cref="MadrhasBatchStager"/> stages its changes in <see cref="Changes"/>. The caller writes them in
/// one transaction.
/// </summary>
/// <remarks>
/// A rejected record stages nothing: every check runs before the first change. A user whose stored record hash matches
/// its record is not read in full: it has nothing to change.
/// </remarks>
internal sealed class MadrhasBatch
{
    private readonly MadrhasRunState _run;
    private readonly MadrhasBatchLoader _rows;
    private readonly MadrhasBatchStager _stager;

    public MadrhasBatch(ChorusAccountDbContext db, MadrhasRunState run, MadrhasImportReport report)
    {
        _run = run;
        _rows = new MadrhasBatchLoader(db, run);
        _stager = new MadrhasBatchStager(_rows, run, report);
    }

    public MadrhasBatchChanges Changes => _stager.Changes;

    /// <summary>Applies the records; returns those rejected, in order.</summary>
    public async Task<List<MadrhasRejection>> ApplyAsync(IReadOnlyList<MadrhasValidRecord> records, CancellationToken ct)
    {
        var keys = records.Select(r => MadrhasRunState.UserKey(r.Login)).ToArray();
        var hashes = records.Select(MadrhasUserHash.Of).ToArray();
        var membershipHashes = records.Select(r => r.Membership is { } link ? MadrhasMembershipHash.Of(link) : 0L).ToArray();
        await _rows.LoadAsync(records, keys, hashes, ct);
        await LoadWhatChangesNeedAsync(records, membershipHashes, ct);
        var rejections = new List<MadrhasRejection>();
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            if (Apply(record, keys[i], hashes[i], membershipHashes[i]) is { } reason)
            {
                rejections.Add(new MadrhasRejection(record.LineNumber, record.Login, reason));
                _run.RejectedLogins.Add(record.Login);
            }
        }

        _stager.CollectChanges();
        return rejections;
    }

    /// <summary>
    /// The role a record applies to the pair's membership: none when the record is the one last applied or the membership
    /// was requested in the portal; the record's role when it names another role than the last record did (or creates the
    /// membership); else the role the membership holds (a handover in the portal stands).
    /// </summary>
    internal static MembershipRole? AppliedRole(MadrhasMembership link, long hash, MadrhasBatchMembership? current)
    {
        if (current is null)
        {
            return link.Role;
        }

        if (current.Origin != MembershipOrigin.Madrhas || current.MadrhasRecordHash == hash)
        {
            return null;
        }

        return current.MadrhasRole == link.Role ? current.Role : link.Role;
    }

    // The memberships a changed record is applied to, in full, with their services, and the primary manager of the structures
    // a record gives that role to another user: read for those only, as an unchanged record needs none of them.
    private async Task LoadWhatChangesNeedAsync(IReadOnlyList<MadrhasValidRecord> records, long[] membershipHashes, CancellationToken ct)
    {
        var changing = new HashSet<Guid>();
        var services = new HashSet<Guid>();
        var structures = new HashSet<Guid>();
        for (var i = 0; i < records.Count; i++)
        {
            if (records[i].Membership is not { } link || _run.Structures.GetValueOrDefault((link.IdentifierType, link.Identifier)) is not { } structure)
            {
                continue;
            }

            var current = _rows.Users.TryGetValue(records[i].Login, out var user) ? _rows.CurrentMembership(user.Id, structure.Id) : null;
            if (current is { Origin: MembershipOrigin.Madrhas } && current.MadrhasRecordHash != membershipHashes[i])
            {
                changing.Add(current.Id);
                if (!current.WholeStructure)
                {
                    services.Add(current.Id);
                }
            }

            if (current?.Role != MembershipRole.PrimaryManager && AppliedRole(link, membershipHashes[i], current) == MembershipRole.PrimaryManager)
            {
                structures.Add(structure.Id);
            }
        }

        await _rows.CompleteAsync(changing, ct);
        await _rows.LoadServicesAsync(services, ct);
        await _rows.LoadPrimaryManagersAsync(structures, ct);
    }

    /// <param name="key">The record's <see cref="MadrhasRunState.UserKey"/>.</param>
    private string? Apply(MadrhasValidRecord record, UInt128 key, long hash, long membershipHash)
    {
        var applied = _run.Users.TryGetValue(key, out var first);
        _rows.Users.TryGetValue(record.Login, out var user);
        var link = record.Membership;
        RunStructure? structure = null;
        MadrhasBatchMembership? current = null;
        MadrhasBatchMembership? ended = null;
        MadrhasBatchMembership? otherPrimary = null;
        var unchanged = false;
        var reopens = false;
        MembershipRole? role = null;
        if (link is not null)
        {
            structure = _run.Structures.GetValueOrDefault((link.IdentifierType, link.Identifier));
            if (structure is not null && user is not null)
            {
                current = _rows.CurrentMembership(user.Id, structure.Id);
                ended = current is null ? _rows.EndedMembership(user.Id, structure.Id) : null;
            }

            if (ended is not null)
            {
                // Ended in the portal: the same record leaves it ended; a changed one re-opens it only for a period that starts
                // after the day it ended (a new habilitation, not the one its user gave up).
                unchanged = ended.MadrhasRecordHash == membershipHash;
                reopens = !unchanged && link.StartDate > (ended.Row.EndDate ?? ended.Row.StartDate);
            }
            else
            {
                unchanged = current is { Origin: MembershipOrigin.Madrhas } && current.MadrhasRecordHash == membershipHash;
            }

            role = ended is null || reopens ? AppliedRole(link, membershipHash, current) : null;
            if (role == MembershipRole.PrimaryManager && structure is not null && current?.Role != MembershipRole.PrimaryManager
                && _rows.PrimaryManagers.TryGetValue(structure.Id, out var primary)
                && primary is { Role: MembershipRole.PrimaryManager, Status: MembershipStatus.Active } && primary.UserId != user?.Id)
            {
                otherPrimary = primary;
            }
        }

        var pair = current ?? ended;
        var facts = new MadrhasRecordRules.Facts(
            applied ? first : null,
            current is not null || (ended is not null && !reopens),
            pair is not null && _run.Memberships.TryGetValue(pair.Id, out var pairLineNumber) ? pairLineNumber : null,
            structure?.FilePrimaryManager,
            otherPrimary is null ? null : (otherPrimary.Login, NamedByMadrhas(otherPrimary)),
            unchanged);
        var verdict = MadrhasRecordRules.Check(record, facts, _run.Today);
        if (verdict.Refusal is not null)
        {
            return verdict.Refusal;
        }

        // A user's later records agree with its first one (checked above): it is applied once per run.
        if (!applied)
        {
            _run.Users.Add(key, UserFingerprint.Of(record));
        }

        var applying = applied ? user! : _stager.StageUser(user, record, hash);
        if (link is null)
        {
            return null;
        }

        if (unchanged || (ended is not null && !reopens))
        {
            NamePrimaryManager(structure!, record);
            // What the portal decided stands: the membership is left as it is (an ended one stays ended, with the new record).
            if (!unchanged)
            {
                _stager.Rehash(ended!, link, membershipHash);
            }

            _run.Memberships.Add(pair!.Id, record.LineNumber);
            return null;
        }

        structure ??= _stager.StageStructure(link);
        NamePrimaryManager(structure, record);
        var units = _stager.StageServices(structure, link.ServiceCodes);
        if (verdict.HandsOverPrimaryManager)
        {
            _stager.HandOver(otherPrimary!, structure, link.CompanyName);
        }

        var membership = current is null
            ? _stager.StageMembership(applying, structure, link, units, membershipHash)
            : _stager.UpdateMembership(current, structure, link, units, membershipHash, role ?? current.Role);
        _run.Memberships.Add(membership.Id, record.LineNumber);

        if (membership.Role == MembershipRole.PrimaryManager)
        {
            membership.Login = record.Login;
            _rows.PrimaryManagers[structure.Id] = membership;
        }

        return null;
    }

    // The file names one primary manager per structure, whether or not its record changed.
    private static void NamePrimaryManager(RunStructure structure, MadrhasValidRecord record)
    {
        if (record.Membership?.Role == MembershipRole.PrimaryManager)
        {
            structure.FilePrimaryManager ??= (record.Login, record.LineNumber);
        }
    }

    // MADRHAS hands over only a primary manager it named itself: not one requested in the portal, nor one a handover in the
    // portal made primary (its last record gave it another role).
    private static bool NamedByMadrhas(MadrhasBatchMembership primary) =>
        primary.Origin == MembershipOrigin.Madrhas && (primary.MadrhasRole ?? primary.Role) == MembershipRole.PrimaryManager;
}
