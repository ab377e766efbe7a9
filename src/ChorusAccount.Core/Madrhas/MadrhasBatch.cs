using ChorusAccount.Core.Data;
using ChorusAccount.Core.Memberships;

namespace ChorusAccount.Core.Madrhas;

/// <summary>
/// Applies the valid lines of one batch: <see cref="MadrhasBatchLoader"/> reads what they touch, <see cref="MadrhasLineRules"/>
/// checks each line, <see cref="MadrhasBatchStager"/> stages its changes in <see cref="Changes"/>. The caller writes them in
/// one transaction.
/// </summary>
/// <remarks>
/// A rejected line stages nothing: every check runs before the first change. A user whose stored line hash matches
/// its line is not read in full: it has nothing to change.
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

    /// <summary>Applies the lines; returns those rejected, in order.</summary>
    public async Task<List<MadrhasRejection>> ApplyAsync(IReadOnlyList<MadrhasLine> lines, CancellationToken ct)
    {
        var hashes = lines.Select(MadrhasUserHash.Of).ToArray();
        await _rows.LoadAsync(lines, hashes, ct);
        var rejections = new List<MadrhasRejection>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (Apply(line, hashes[i]) is { } reason)
            {
                rejections.Add(new MadrhasRejection(line.LineNumber, line.Login, reason));
                _run.RejectedLogins.Add(line.Login);
            }
        }

        _stager.CollectChanges();
        return rejections;
    }

    private string? Apply(MadrhasLine line, long hash)
    {
        var applied = _run.Users.TryGetValue(line.Login, out var first);
        _rows.Users.TryGetValue(line.Login, out var user);
        var link = line.Membership;
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

        var facts = new MadrhasLineRules.Facts(
            applied ? first : null,
            current is not null,
            current is not null && _run.Memberships.TryGetValue(current.Row.Id, out var pairLine) ? pairLine : null,
            structure?.FilePrimaryManager,
            otherPrimary is null ? null : (otherPrimary.Login, otherPrimary.Row.Origin));
        var verdict = MadrhasLineRules.Check(line, facts, _run.Today);
        if (verdict.Refusal is not null)
        {
            return verdict.Refusal;
        }

        // A user's later lines agree with its first one (checked above): it is applied once per run.
        if (!applied)
        {
            _run.Users.Add(line.Login, UserFingerprint.Of(line));
        }

        var applying = applied ? user! : _stager.StageUser(user, line, hash);
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
        _run.Memberships.Add(membership.Row.Id, line.LineNumber);

        if (membership.Row.Role == MembershipRole.PrimaryManager)
        {
            membership.Login = line.Login;
            _rows.PrimaryManagers[structure.Id] = membership;
            structure.FilePrimaryManager ??= (line.Login, line.LineNumber);
        }

        return null;
    }
}
