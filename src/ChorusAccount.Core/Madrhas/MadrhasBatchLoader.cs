using ChorusAccount.Core.Data;
using ChorusAccount.Core.Memberships;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Madrhas;

/// <summary>
/// What one batch reads, in a few set-based, untracked queries: its users (in full only those whose record changed), their
/// active memberships, the structures the run meets for the first time, and the primary managers its records contend for.
/// The stager adds what the batch creates, so that one record sees what an earlier record of the batch changed.
/// </summary>
internal sealed class MadrhasBatchLoader(ChorusAccountDbContext db, MadrhasRunState run)
{
    private readonly Dictionary<Guid, List<MadrhasBatchMembership>> _membershipsByUser = [];
    private readonly Dictionary<(Guid UserId, Guid StructureId), MadrhasBatchMembership> _ended = [];
    private readonly List<Guid> _endedToRead = [];

    /// <summary>The batch's users known to the database or created by the batch, by login.</summary>
    public Dictionary<string, MadrhasBatchUser> Users { get; } = new(StringComparer.Ordinal);

    /// <summary>Every membership read or created, by id.</summary>
    public Dictionary<Guid, MadrhasBatchMembership> MembershipsById { get; } = [];

    /// <summary>The current primary manager of the structures the batch's records name one for, by structure id.</summary>
    public Dictionary<Guid, MadrhasBatchMembership> PrimaryManagers { get; } = [];

    /// <summary>
    /// Reads the records' users, their memberships and structures; <paramref name="keys"/> are their <see cref="MadrhasRunState.UserKey"/>
    /// and <paramref name="hashes"/> their <see cref="MadrhasUserHash"/>, in order. The services and primary managers the records need are read next, once the batch knows which.
    /// </summary>
    public async Task LoadAsync(IReadOnlyList<MadrhasValidRecord> records, UInt128[] keys, long[] hashes, CancellationToken ct)
    {
        await LoadUsersAsync(records, keys, hashes, ct);
        await LoadStructuresAsync(records, ct);
    }

    // Each list is sent as one parameter (the context's collection mode, ComposedRules): one SQL text, compiled once, whatever the batch holds.
    private async Task LoadUsersAsync(IReadOnlyList<MadrhasValidRecord> records, UInt128[] keys, long[] hashes, CancellationToken ct)
    {
        var logins = records.Select(l => l.Login).Distinct().ToList();
        var known = await db.Users.AsNoTracking().Where(u => logins.Contains(u.Login))
            .Select(u => new { u.Id, u.Login, u.Status, u.MadrhasRecordHash })
            .ToListAsync(ct);
        if (known.Count == 0)
        {
            return;
        }

        foreach (var user in known)
        {
            Users[user.Login] = new MadrhasBatchUser(user.Id, user.MadrhasRecordHash, user.Status);
        }

        // Only a user this run has not applied yet, with a record unlike the one last applied, is read in full.
        var toRead = new HashSet<Guid>();
        for (var i = 0; i < records.Count; i++)
        {
            if (Users.TryGetValue(records[i].Login, out var user) && !run.Users.ContainsKey(keys[i]) && !user.Matches(records[i], hashes[i]))
            {
                toRead.Add(user.Id);
            }
        }

        if (toRead.Count > 0)
        {
            foreach (var user in await db.Users.AsNoTracking().Where(u => toRead.Contains(u.Id)).ToListAsync(ct))
            {
                Users[user.Login].Row = user;
            }
        }

        // Two plain queries: EF Core's Include of the services cost several times more.
        var userIds = known.Select(u => u.Id).ToList();
        // An active membership gives the access a record asks for; an ended MADRHAS one still holding the record last applied
        // tells whether a record is the one its user ended (ADR-015). Pending, refused and other ended ones play no part.
        // Read narrow: an unchanged record needs no more (CompleteAsync reads the rest of those a record may change).
        // Streamed, not listed: a batch's list of them (about 80 bytes each) would go to the large-object heap every batch.
        var memberships = db.Memberships
            .Where(m => userIds.Contains(m.UserId)
                && (m.Status == MembershipStatus.Active || (m.Status == MembershipStatus.Ended && m.Origin == MembershipOrigin.Madrhas && m.MadrhasRecordHash != null)))
            .Select(m => new MadrhasMembershipColumns(m.Id, m.UserId, m.StructureId, m.Role, m.Status, m.Origin, m.WholeStructure, m.MadrhasRecordHash, m.MadrhasRole))
            .AsAsyncEnumerable();
        await foreach (var membership in memberships.WithCancellation(ct))
        {
            if (membership.Status == MembershipStatus.Ended)
            {
                // Rare (ended in the portal): read in full, then tracked, as a record meeting one may re-open or rehash it.
                _endedToRead.Add(membership.Id);
            }
            else
            {
                Track(new MadrhasBatchMembership(membership));
            }
        }
    }

    /// <summary>
    /// Reads in full the memberships these records may change (read narrow so far), and the ended ones the batch met: the
    /// columns a change writes, and the version it is checked against.
    /// </summary>
    public async Task CompleteAsync(IReadOnlyCollection<Guid> changing, CancellationToken ct)
    {
        if (changing.Count == 0 && _endedToRead.Count == 0)
        {
            return;
        }

        var ids = changing.Concat(_endedToRead).ToList();
        var rows = await db.Memberships
            .Where(m => ids.Contains(m.Id))
            .Select(m => new Membership
            {
                Id = m.Id,
                UserId = m.UserId,
                StructureId = m.StructureId,
                Role = m.Role,
                Status = m.Status,
                Origin = m.Origin,
                WholeStructure = m.WholeStructure,
                StartDate = m.StartDate,
                EndDate = m.EndDate,
                Version = m.Version,
                RequestedAt = m.RequestedAt,
                MadrhasRecordHash = m.MadrhasRecordHash,
                MadrhasRole = m.MadrhasRole,
            })
            .ToListAsync(ct);
        foreach (var row in rows)
        {
            if (MembershipsById.TryGetValue(row.Id, out var membership))
            {
                membership.Complete(row);
            }
            else
            {
                Track(new MadrhasBatchMembership(row));
            }
        }

        _endedToRead.Clear();
    }

    /// <summary>Reads the services of these memberships: only those a changed record is applied to need them.</summary>
    public async Task LoadServicesAsync(IReadOnlyCollection<Guid> membershipIds, CancellationToken ct)
    {
        if (membershipIds.Count == 0)
        {
            return;
        }

        var ids = membershipIds.ToList();
        foreach (var service in await db.MembershipServices.AsNoTracking().Where(s => ids.Contains(s.MembershipId)).ToListAsync(ct))
        {
            MembershipsById[service.MembershipId].Row.Services.Add(service);
        }
    }

    private async Task LoadStructuresAsync(IReadOnlyList<MadrhasValidRecord> records, CancellationToken ct)
    {
        // Identifiers are nearly unique across types: filter by identifier in SQL, by type here.
        var missing = records.Where(l => l.Membership is not null).Select(l => (l.Membership!.IdentifierType, l.Membership.Identifier))
            .Where(k => !run.Structures.ContainsKey(k)).ToHashSet();
        if (missing.Count == 0)
        {
            return;
        }

        var identifiers = missing.Select(k => k.Identifier).Distinct().ToList();
        var found = await db.Structures.Where(s => identifiers.Contains(s.Identifier))
            .Select(s => new { s.Id, s.IdentifierType, s.Identifier })
            .ToListAsync(ct);
        var structures = found.Where(s => missing.Contains((s.IdentifierType, s.Identifier)))
            .ToDictionary(s => s.Id, s => run.AddStructure(s.IdentifierType, s.Identifier, s.Id));
        if (structures.Count == 0)
        {
            return;
        }

        var structureIds = structures.Keys.ToList();
        foreach (var service in await db.ServiceUnits.Where(u => structureIds.Contains(u.StructureId))
            .Select(u => new { u.Id, u.StructureId, u.Code }).ToListAsync(ct))
        {
            structures[service.StructureId].Services[service.Code] = service.Id;
        }
    }

    /// <summary>
    /// Reads the current primary manager of these structures: those a record gives the role to another user than the one
    /// holding it. The primary manager can change in the portal while the import runs: it is read again for each batch.
    /// </summary>
    public async Task LoadPrimaryManagersAsync(IReadOnlyCollection<Guid> structureIds, CancellationToken ct)
    {
        if (structureIds.Count == 0)
        {
            return;
        }

        var ids = structureIds.ToList();
        var primaries = await db.Memberships.AsNoTracking()
            .Where(m => ids.Contains(m.StructureId) && m.Role == MembershipRole.PrimaryManager && m.Status == MembershipStatus.Active)
            .Select(m => new { Membership = m, m.User!.Login })
            .ToListAsync(ct);
        foreach (var primary in primaries)
        {
            // The same row when its user is in this batch, so that what one record changes the next record sees.
            if (!MembershipsById.TryGetValue(primary.Membership.Id, out var membership))
            {
                membership = new MadrhasBatchMembership(primary.Membership);
                MembershipsById.Add(membership.Id, membership);
            }
            else
            {
                // Read narrow with its user's memberships: it may be handed over.
                membership.Complete(primary.Membership);
            }

            membership.Login = primary.Login;
            PrimaryManagers.TryAdd(primary.Membership.StructureId, membership);
        }
    }

    public void Track(MadrhasBatchMembership membership)
    {
        MembershipsById.Add(membership.Id, membership);
        if (membership.Status == MembershipStatus.Ended)
        {
            // The latest one of a pair holds the record last applied (an earlier one was ended before it was created).
            var pair = (membership.UserId, membership.StructureId);
            if (!_ended.TryGetValue(pair, out var other) || other.Row.RequestedAt < membership.Row.RequestedAt)
            {
                _ended[pair] = membership;
            }

            return;
        }

        if (!_membershipsByUser.TryGetValue(membership.UserId, out var list))
        {
            _membershipsByUser[membership.UserId] = list = [];
        }

        list.Add(membership);
    }

    // Any active membership of the pair, requested in the portal or not, already gives the access.
    public MadrhasBatchMembership? CurrentMembership(Guid userId, Guid structureId) =>
        _membershipsByUser.TryGetValue(userId, out var list)
            ? list.Find(m => m.StructureId == structureId && m.Status == MembershipStatus.Active)
            : null;

    /// <summary>The latest ended MADRHAS membership of the pair that still holds the record last applied to it.</summary>
    public MadrhasBatchMembership? EndedMembership(Guid userId, Guid structureId) => _ended.GetValueOrDefault((userId, structureId));
}
