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
        var hashes = records.Select(MadrhasUserHash.Of).ToArray();
        await _rows.LoadAsync(records, hashes, ct);
        var rejections = new List<MadrhasRejection>();
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            if (Apply(record, hashes[i]) is { } reason)
            {
                rejections.Add(new MadrhasRejection(record.LineNumber, record.Login, reason));
                _run.RejectedLogins.Add(record.Login);
            }
        }

        _stager.CollectChanges();
        return rejections;
    }

    private string? Apply(MadrhasValidRecord record, long hash)
    {
        var applied = _run.Users.TryGetValue(record.Login, out var first);
        _rows.Users.TryGetValue(record.Login, out var user);
        var link = record.Membership;
        RunStructure? structure = null;
        MadrhasBatchMembership? current = null;
        MadrhasBatchMembership? otherPrimary = null;
        if (link is not null)
        {
            structure = _run.Structures.GetValueOrDefault((link.IdentifierType, link.Identifier));
            if (structure is not null && user is not null)
            {
                current = _rows.CurrentMembership(user.Id, structure.Id);
            }

            if (link.Role == MembershipRole.PrimaryManager && structure is not null && _rows.PrimaryManagers.TryGetValue(structure.Id, out var primary)
                && primary.Row is { Role: MembershipRole.PrimaryManager, Status: MembershipStatus.Active } && primary.Row.UserId != user?.Id)
            {
                otherPrimary = primary;
            }
        }

        var facts = new MadrhasRecordRules.Facts(
            applied ? first : null,
            current is not null,
            current is not null && _run.Memberships.TryGetValue(current.Row.Id, out var pairLineNumber) ? pairLineNumber : null,
            structure?.FilePrimaryManager,
            otherPrimary is null ? null : (otherPrimary.Login, otherPrimary.Row.Origin));
        var verdict = MadrhasRecordRules.Check(record, facts, _run.Today);
        if (verdict.Refusal is not null)
        {
            return verdict.Refusal;
        }

        // A user's later records agree with its first one (checked above): it is applied once per run.
        if (!applied)
        {
            _run.Users.Add(record.Login, UserFingerprint.Of(record));
        }

        var applying = applied ? user! : _stager.StageUser(user, record, hash);
        if (link is null)
        {
            return null;
        }

        structure ??= _stager.StageStructure(link);
        var units = _stager.StageServices(structure, link.ServiceCodes);
        if (verdict.HandsOverPrimaryManager)
        {
            _stager.HandOver(otherPrimary!);
        }

        var membership = current is null ? _stager.StageMembership(applying, structure, link, units) : _stager.UpdateMembership(current, link, units);
        _run.Memberships.Add(membership.Row.Id, record.LineNumber);

        if (membership.Row.Role == MembershipRole.PrimaryManager)
        {
            membership.Login = record.Login;
            _rows.PrimaryManagers[structure.Id] = membership;
            structure.FilePrimaryManager ??= (record.Login, record.LineNumber);
        }

        return null;
    }
}
