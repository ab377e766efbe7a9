using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Structures;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Madrhas;

/// <summary>
/// Applies the valid lines of one batch: reads what they touch in a few set-based, untracked queries, checks each
/// line, then stages its changes in <see cref="Changes"/>. The caller writes them in one transaction.
/// </summary>
/// <remarks>
/// A rejected line stages nothing: every check runs before the first change. A user whose stored line hash matches
/// its line is not read in full: it has nothing to change.
/// </remarks>
internal sealed class MadrhasBatch(ChorusAccountDbContext db, MadrhasRunState run, MadrhasImportReport report)
{
    private readonly Dictionary<string, BatchUser> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, List<BatchMembership>> _memberships = [];
    private readonly Dictionary<Guid, BatchMembership> _membershipsById = [];
    private readonly Dictionary<Guid, BatchMembership> _primaryManagers = [];

    public MadrhasBatchChanges Changes { get; } = new();

    /// <summary>Applies the lines; returns those rejected, in order.</summary>
    public async Task<List<MadrhasRejection>> ApplyAsync(IReadOnlyList<MadrhasLine> lines, CancellationToken ct)
    {
        var hashes = lines.Select(MadrhasUserHash.Of).ToArray();
        await LoadUsersAsync(lines, hashes, ct);
        await LoadStructuresAsync(lines, ct);
        await LoadPrimaryManagersAsync(lines, ct);
        var rejections = new List<MadrhasRejection>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (Apply(line, hashes[i]) is { } reason)
            {
                rejections.Add(new MadrhasRejection(line.LineNumber, line.Login, reason));
                run.RejectedLogins.Add(line.Login);
            }
        }

        CollectChanges();
        return rejections;
    }

    // Each list is sent as one parameter (EF.Parameter): one SQL text, compiled once, whatever the batch holds.
    private async Task LoadUsersAsync(IReadOnlyList<MadrhasLine> lines, long[] hashes, CancellationToken ct)
    {
        var logins = lines.Select(l => l.Login).Distinct().ToList();
        var known = await db.Users.AsNoTracking().Where(u => EF.Parameter(logins).Contains(u.Login))
            .Select(u => new { u.Id, u.Login, u.Status, u.MadrhasLineHash })
            .ToListAsync(ct);
        if (known.Count == 0)
        {
            return;
        }

        foreach (var user in known)
        {
            _users[user.Login] = new BatchUser(user.Id, user.MadrhasLineHash, user.Status);
        }

        // Only a user this run has not applied yet, with a line unlike the one last applied, is read in full.
        var toRead = new HashSet<Guid>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (_users.TryGetValue(lines[i].Login, out var user) && !run.Users.ContainsKey(lines[i].Login) && !user.Matches(lines[i], hashes[i]))
            {
                toRead.Add(user.Id);
            }
        }

        if (toRead.Count > 0)
        {
            foreach (var user in await db.Users.AsNoTracking().Where(u => EF.Parameter(toRead).Contains(u.Id)).ToListAsync(ct))
            {
                _users[user.Login].Row = user;
            }
        }

        // Two plain queries: EF Core's Include of the services cost several times more.
        var userIds = known.Select(u => u.Id).ToList();
        // Only an active membership gives the access a line asks for: pending and ended ones play no part.
        var memberships = await db.Memberships
            .Where(m => EF.Parameter(userIds).Contains(m.UserId) && m.Status == MembershipStatus.Active)
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
            })
            .ToListAsync(ct);
        foreach (var membership in memberships)
        {
            Track(new BatchMembership(membership));
        }

        var limited = memberships.Where(m => !m.WholeStructure).Select(m => m.Id).ToList();
        if (limited.Count > 0)
        {
            foreach (var service in await db.MembershipServices.AsNoTracking().Where(s => EF.Parameter(limited).Contains(s.MembershipId)).ToListAsync(ct))
            {
                _membershipsById[service.MembershipId].Row.Services.Add(service);
            }
        }
    }

    private async Task LoadStructuresAsync(IReadOnlyList<MadrhasLine> lines, CancellationToken ct)
    {
        // Identifiers are nearly unique across types: filter by identifier in SQL, by type here.
        var missing = lines.Where(l => l.Membership is not null).Select(l => (l.Membership!.IdentifierType, l.Membership.Identifier))
            .Where(k => !run.Structures.ContainsKey(k)).ToHashSet();
        if (missing.Count == 0)
        {
            return;
        }

        var identifiers = missing.Select(k => k.Identifier).Distinct().ToList();
        var found = await db.Structures.Where(s => EF.Parameter(identifiers).Contains(s.Identifier))
            .Select(s => new { s.Id, s.IdentifierType, s.Identifier })
            .ToListAsync(ct);
        var structures = found.Where(s => missing.Contains((s.IdentifierType, s.Identifier)))
            .ToDictionary(s => s.Id, s => run.AddStructure(s.IdentifierType, s.Identifier, s.Id));
        if (structures.Count == 0)
        {
            return;
        }

        var structureIds = structures.Keys.ToList();
        foreach (var service in await db.ServiceUnits.Where(u => EF.Parameter(structureIds).Contains(u.StructureId))
            .Select(u => new { u.Id, u.StructureId, u.Code }).ToListAsync(ct))
        {
            structures[service.StructureId].Services[service.Code] = service.Id;
        }
    }

    // The primary manager can change in the portal while the import runs: read it again for the structures a line names
    // one for, unless that line's user holds the role already (the unique index leaves room for no other).
    private async Task LoadPrimaryManagersAsync(IReadOnlyList<MadrhasLine> lines, CancellationToken ct)
    {
        var structureIds = new HashSet<Guid>();
        foreach (var line in lines.Where(l => l.Membership is { Role: MembershipRole.PrimaryManager }))
        {
            if (run.Structures.GetValueOrDefault((line.Membership!.IdentifierType, line.Membership.Identifier)) is { } structure
                && !(_users.TryGetValue(line.Login, out var user) && CurrentMembership(user.Id, structure.Id) is { Row.Role: MembershipRole.PrimaryManager }))
            {
                structureIds.Add(structure.Id);
            }
        }

        if (structureIds.Count == 0)
        {
            return;
        }

        var ids = structureIds.ToList();
        var primaries = await db.Memberships.AsNoTracking()
            .Where(m => EF.Parameter(ids).Contains(m.StructureId) && m.Role == MembershipRole.PrimaryManager && m.Status == MembershipStatus.Active)
            .Select(m => new { Membership = m, m.User!.Login })
            .ToListAsync(ct);
        foreach (var primary in primaries)
        {
            // The same row when its user is in this batch, so that what one line changes the next line sees.
            if (!_membershipsById.TryGetValue(primary.Membership.Id, out var membership))
            {
                membership = new BatchMembership(primary.Membership);
                _membershipsById.Add(membership.Row.Id, membership);
            }

            membership.Login = primary.Login;
            _primaryManagers.TryAdd(primary.Membership.StructureId, membership);
        }
    }

    private void Track(BatchMembership membership)
    {
        _membershipsById.Add(membership.Row.Id, membership);
        if (!_memberships.TryGetValue(membership.Row.UserId, out var list))
        {
            _memberships[membership.Row.UserId] = list = [];
        }

        list.Add(membership);
    }

    private string? Apply(MadrhasLine line, long hash)
    {
        var applied = run.Users.TryGetValue(line.Login, out var first);
        if (applied && !first.Agrees(line, out var differing))
        {
            return $"Colonnes de l'utilisateur différentes de la ligne {first.LineNumber}{(differing.Count > 0 ? " : " + string.Join(", ", differing) : "")}";
        }

        _users.TryGetValue(line.Login, out var user);
        var link = line.Membership;
        RunStructure? structure = null;
        BatchMembership? current = null;
        BatchMembership? handedOver = null;
        if (link is not null)
        {
            structure = run.Structures.GetValueOrDefault((link.IdentifierType, link.Identifier));
            if (structure is not null && user is not null)
            {
                current = CurrentMembership(user.Id, structure.Id);
                if (current is not null && run.Memberships.TryGetValue(current.Row.Id, out var pairLine))
                {
                    return $"Rattachement en double : {line.Login} a déjà une ligne pour la structure {link.Identifier} (ligne {pairLine})";
                }
            }

            if (link.Role == MembershipRole.PrimaryManager)
            {
                if (structure?.FilePrimaryManager is { } declared && declared.Login != line.Login)
                {
                    return $"Gestionnaire principal en double : la structure {link.Identifier} a déjà pour gestionnaire principal {declared.Login} (ligne {declared.LineNumber})";
                }

                if (structure is not null && _primaryManagers.TryGetValue(structure.Id, out var primary)
                    && primary.Row is { Role: MembershipRole.PrimaryManager, Status: MembershipStatus.Active } && primary.Row.UserId != user?.Id)
                {
                    // MADRHAS may hand its own primary manager role over; one the portal gave is not its to take.
                    if (primary.Row.Origin != MembershipOrigin.Madrhas)
                    {
                        return $"Gestionnaire principal en double : la structure {link.Identifier} a déjà pour gestionnaire principal {primary.Login}, nommé dans le portail";
                    }

                    handedOver = primary;
                }
            }

            if (current is null && link.EndDate < (link.StartDate ?? run.Today))
            {
                return $"Date de fin ({link.EndDate:yyyy-MM-dd}) antérieure à la date de début par défaut, la date du jour ({run.Today:yyyy-MM-dd})";
            }
        }

        // A user's later lines agree with its first one (checked above): it is applied once per run.
        user = applied ? user! : StageUser(user, line, hash);
        run.Users.TryAdd(line.Login, UserFingerprint.Of(line));
        if (link is null)
        {
            return null;
        }

        structure ??= StageStructure(link);
        var units = StageServices(structure, link.ServiceCodes);
        if (handedOver is not null)
        {
            handedOver.Row.Role = MembershipRole.SecondaryManager;
            handedOver.Changed = true;
            report.MembershipsUpdated++;
        }

        var membership = current is null ? StageMembership(user, structure, link, units) : UpdateMembership(current, link, units);
        run.Memberships.Add(membership.Row.Id, line.LineNumber);

        if (membership.Row.Role == MembershipRole.PrimaryManager)
        {
            membership.Login = line.Login;
            _primaryManagers[structure.Id] = membership;
            structure.FilePrimaryManager ??= (line.Login, line.LineNumber);
        }

        return null;
    }

    // Any active membership of the pair, requested in the portal or not, already gives the access.
    private BatchMembership? CurrentMembership(Guid userId, Guid structureId) =>
        _memberships.TryGetValue(userId, out var list)
            ? list.Find(m => m.Row.StructureId == structureId && m.Row.Status == MembershipStatus.Active)
            : null;

    private BatchUser StageUser(BatchUser? known, MadrhasLine line, long hash)
    {
        if (known is null)
        {
            var created = new User
            {
                Login = line.Login,
                Civility = line.Civility,
                LastName = line.LastName,
                FirstName = line.FirstName,
                ContactEmail = line.Email,
                MadrhasEmail = line.Email,
                MadrhasLineHash = hash,
                Address = AddressOf(line),
                CreatedAt = run.Now,
                UpdatedAt = run.Now,
            };
            if (line.Status == UserStatus.Inactive)
            {
                created.Deactivate();
            }

            known = new BatchUser(created.Id, hash, created.Status) { Row = created };
            _users.Add(line.Login, known);
            Changes.CreatedUsers.Add(created);
            report.UsersCreated++;
            return known;
        }

        // Not read in full: its stored hash says the line is the one already applied.
        if (known.Row is not { } user)
        {
            return known;
        }

        var readVersion = user.Version;
        // MadrhasEmail records what MADRHAS sent, not a user edit, so it follows the extract even after validation.
        var updated = Set(user.MadrhasEmail, line.Email, v => user.MadrhasEmail = v);
        if (user.MustCompleteProfile)
        {
            var address = AddressOf(line);
            updated |= Set(user.Civility, line.Civility, v => user.Civility = v);
            updated |= Set(user.LastName, line.LastName, v => user.LastName = v!);
            updated |= Set(user.FirstName, line.FirstName, v => user.FirstName = v!);
            updated |= Set(user.ContactEmail, line.Email, v => user.ContactEmail = v!);
            updated |= Set(user.Address.Line1, address.Line1, v => user.Address.Line1 = v);
            updated |= Set(user.Address.Line2, address.Line2, v => user.Address.Line2 = v);
            updated |= Set(user.Address.PostalCode, address.PostalCode, v => user.Address.PostalCode = v);
            updated |= Set(user.Address.City, address.City, v => user.Address.City = v);
            updated |= Set(user.Address.Country, address.Country, v => user.Address.Country = v!);
        }

        var statusChanged = true;
        if (line.Status == UserStatus.Inactive && user.IsActive)
        {
            user.Deactivate();
            report.UsersDeactivated++;
        }
        else if (line.Status == UserStatus.Active && !user.IsActive)
        {
            user.Reactivate();
            report.UsersReactivated++;
        }
        else
        {
            statusChanged = false;
        }

        report.UsersUpdated += updated ? 1 : 0;
        user.MadrhasLineHash = hash;
        if (updated || statusChanged)
        {
            user.UpdatedAt = run.Now;
            Changes.UpdatedUsers.Add((user, readVersion));
        }
        else if (known.ReadHash != hash)
        {
            Changes.RehashedUsers.Add(user);
        }

        return known;

        static bool Set(string? current, string? value, Action<string?> assign)
        {
            if (string.Equals(current, value, StringComparison.Ordinal))
            {
                return false;
            }

            assign(value);
            return true;
        }
    }

    private RunStructure StageStructure(MadrhasMembership link)
    {
        var structure = new Structure
        {
            IdentifierType = link.IdentifierType,
            Identifier = link.Identifier,
            CompanyName = link.CompanyName,
            CreatedAt = run.Now,
        };
        Changes.CreatedStructures.Add(structure);
        report.StructuresCreated++;
        return run.AddStructure(link.IdentifierType, link.Identifier, structure.Id);
    }

    private List<Guid> StageServices(RunStructure structure, IReadOnlyList<string> codes)
    {
        var units = new List<Guid>(codes.Count);
        foreach (var code in codes)
        {
            if (!structure.Services.TryGetValue(code, out var unit))
            {
                // Until the structures directory gives a better label, the code is the label (contract).
                var created = new ServiceUnit { StructureId = structure.Id, Code = code, Label = code };
                Changes.CreatedServices.Add(created);
                structure.Services.Add(code, unit = created.Id);
                report.ServicesCreated++;
            }

            units.Add(unit);
        }

        return units;
    }

    private BatchMembership StageMembership(BatchUser user, RunStructure structure, MadrhasMembership link, List<Guid> units)
    {
        var created = new Membership
        {
            UserId = user.Id,
            StructureId = structure.Id,
            Role = link.Role,
            Status = MembershipStatus.Active,
            Origin = MembershipOrigin.Madrhas,
            WholeStructure = link.WholeStructure,
            StartDate = link.StartDate ?? run.Today,
            EndDate = link.EndDate,
            RequestedAt = run.Now,
            DecidedAt = run.Now,
        };
        created.Services = [.. units.Select(u => new MembershipService { MembershipId = created.Id, ServiceUnitId = u })];
        Changes.CreatedMemberships.Add(created);
        Changes.AddedMembershipServices.AddRange(created.Services);
        var membership = new BatchMembership(created) { IsNew = true };
        Track(membership);
        report.MembershipsCreated++;
        return membership;
    }

    /// <summary>Applies the line's role, services and dates to a MADRHAS membership; a portal one is left as it is.</summary>
    private BatchMembership UpdateMembership(BatchMembership current, MadrhasMembership link, List<Guid> units)
    {
        var membership = current.Row;
        if (membership.Origin != MembershipOrigin.Madrhas)
        {
            return current;
        }

        var changed = false;
        if (membership.Role != link.Role)
        {
            membership.Role = link.Role;
            changed = true;
        }

        if (link.StartDate is { } start && membership.StartDate != start)
        {
            membership.StartDate = start;
            changed = true;
        }

        if (membership.EndDate != link.EndDate)
        {
            membership.EndDate = link.EndDate;
            changed = true;
        }

        var wanted = units.ToHashSet();
        if (membership.WholeStructure != link.WholeStructure || !wanted.SetEquals(membership.Services.Select(s => s.ServiceUnitId)))
        {
            membership.WholeStructure = link.WholeStructure;
            var removed = membership.Services.Where(s => !wanted.Contains(s.ServiceUnitId)).ToList();
            var kept = membership.Services.Select(s => s.ServiceUnitId).ToHashSet();
            var added = wanted.Where(id => !kept.Contains(id)).Select(id => new MembershipService { MembershipId = membership.Id, ServiceUnitId = id }).ToList();
            membership.Services.RemoveAll(removed.Contains);
            membership.Services.AddRange(added);
            Changes.RemovedMembershipServices.AddRange(removed);
            Changes.AddedMembershipServices.AddRange(added);
            changed = true;
        }

        current.Changed |= changed;
        report.MembershipsUpdated += changed ? 1 : 0;
        return current;
    }

    private void CollectChanges()
    {
        foreach (var membership in _membershipsById.Values.Where(m => m.Changed && !m.IsNew))
        {
            Changes.UpdatedMemberships.Add((membership.Row, membership.ReadRole, membership.ReadVersion));
        }
    }

    private static PostalAddress AddressOf(MadrhasLine line) => new()
    {
        Line1 = line.AddressLine1,
        Line2 = line.AddressLine2,
        PostalCode = line.PostalCode,
        City = line.City,
        Country = line.Country,
    };

    /// <summary>A user of the batch: its id, and its row when it was read in full or created.</summary>
    private sealed class BatchUser(Guid id, long? readHash, UserStatus readStatus)
    {
        public Guid Id { get; } = id;
        public long? ReadHash { get; } = readHash;
        public User? Row { get; set; }

        /// <summary>The line is the one last applied to this user, and nothing changed its status since.</summary>
        public bool Matches(MadrhasLine line, long hash) => ReadHash == hash && readStatus == line.Status;
    }

    /// <summary>A membership read (untracked) or created by the batch, with what it was read with.</summary>
    /// <remarks>A primary manager read only to be handed over has no services read: only its role is changed.</remarks>
    private sealed class BatchMembership(Membership row)
    {
        public Membership Row { get; } = row;
        public MembershipRole ReadRole { get; } = row.Role;
        public Guid ReadVersion { get; } = row.Version;

        public bool IsNew { get; init; }
        public bool Changed { get; set; }

        /// <summary>Its user's login, known for a primary manager (to name it in a rejection).</summary>
        public string? Login { get; set; }
    }
}
