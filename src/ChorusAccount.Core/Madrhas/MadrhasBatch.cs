using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Structures;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Madrhas;

/// <summary>
/// Applies the valid lines of one batch to a context: loads the rows they touch in a few set-based queries,
/// checks each line, then stages its changes. The caller saves them in one transaction.
/// </summary>
/// <remarks>A rejected line stages nothing: every check runs before the first change.</remarks>
internal sealed class MadrhasBatch(ChorusAccountDbContext db, MadrhasRunState run, MadrhasImportReport report)
{
    private Dictionary<string, User> _users = [];
    private Dictionary<(StructureIdentifierType, string), Structure> _structures = [];
    private Dictionary<Guid, List<Membership>> _memberships = [];
    private Dictionary<Guid, Membership> _primaryManagers = [];

    /// <summary>Applies the lines; returns those rejected, in order.</summary>
    public async Task<List<MadrhasRejection>> ApplyAsync(IReadOnlyList<MadrhasLine> lines, CancellationToken ct)
    {
        await LoadAsync(lines, ct);
        var rejections = new List<MadrhasRejection>();
        foreach (var line in lines)
        {
            if (Apply(line) is { } reason)
            {
                rejections.Add(new MadrhasRejection(line.LineNumber, line.Login, reason));
                run.RejectedLogins.Add(line.Login);
            }
        }

        return rejections;
    }

    // Each list is sent as one parameter (EF.Parameter): one SQL text, compiled once, whatever the batch holds.
    private async Task LoadAsync(IReadOnlyList<MadrhasLine> lines, CancellationToken ct)
    {
        var logins = lines.Select(l => l.Login).Distinct().ToList();
        _users = await db.Users.Where(u => EF.Parameter(logins).Contains(u.Login)).ToDictionaryAsync(u => u.Login, StringComparer.Ordinal, ct);

        var userIds = _users.Values.Select(u => u.Id).ToList();
        var memberships = await db.Memberships.Include(m => m.Services)
            .Where(m => EF.Parameter(userIds).Contains(m.UserId) && (m.Status == MembershipStatus.Active || m.Status == MembershipStatus.Pending))
            .ToListAsync(ct);
        _memberships = memberships.GroupBy(m => m.UserId).ToDictionary(g => g.Key, g => g.ToList());

        // Identifiers are nearly unique across types: filter by identifier in SQL, by type here.
        var keys = lines.Where(l => l.Membership is not null).Select(l => (l.Membership!.IdentifierType, l.Membership.Identifier)).ToHashSet();
        var identifiers = keys.Select(k => k.Identifier).Distinct().ToList();
        var structures = await db.Structures.Include(s => s.Services).Where(s => EF.Parameter(identifiers).Contains(s.Identifier)).ToListAsync(ct);
        _structures = structures.Where(s => keys.Contains((s.IdentifierType, s.Identifier))).ToDictionary(s => (s.IdentifierType, s.Identifier));

        var structureIds = _structures.Values.Select(s => s.Id).ToList();
        var primaries = await db.Memberships.Include(m => m.User)
            .Where(m => EF.Parameter(structureIds).Contains(m.StructureId) && m.Role == MembershipRole.PrimaryManager && m.Status == MembershipStatus.Active)
            .ToListAsync(ct);
        _primaryManagers = primaries.GroupBy(m => m.StructureId).ToDictionary(g => g.Key, g => g.First());
    }

    private string? Apply(MadrhasLine line)
    {
        if (run.Users.TryGetValue(line.Login, out var first) && first.DifferingColumns(line) is { Count: > 0 } differing)
        {
            return $"Colonnes de l'utilisateur différentes de la ligne {first.LineNumber} : {string.Join(", ", differing)}";
        }

        _users.TryGetValue(line.Login, out var user);
        var link = line.Membership;
        Structure? structure = null;
        Membership? current = null;
        Membership? handedOver = null;
        if (link is not null)
        {
            _structures.TryGetValue((link.IdentifierType, link.Identifier), out structure);
            if (user is not null && structure is not null)
            {
                if (run.Pairs.TryGetValue((user.Id, structure.Id), out var pairLine) && pairLine != line.LineNumber)
                {
                    return $"Rattachement en double : {line.Login} a déjà une ligne pour la structure {link.Identifier} (ligne {pairLine})";
                }

                current = CurrentMembership(user.Id, structure.Id);
            }

            if (link.Role == MembershipRole.PrimaryManager)
            {
                if (run.PrimaryManagers.TryGetValue((link.IdentifierType, link.Identifier), out var declared) && declared.Login != line.Login)
                {
                    return $"Gestionnaire principal en double : la structure {link.Identifier} a déjà pour gestionnaire principal {declared.Login} (ligne {declared.LineNumber})";
                }

                if (structure is not null && _primaryManagers.TryGetValue(structure.Id, out var primary)
                    && primary is { Role: MembershipRole.PrimaryManager, Status: MembershipStatus.Active } && primary.UserId != user?.Id)
                {
                    // MADRHAS may hand its own primary manager role over; one the portal gave is not its to take.
                    if (primary.Origin != MembershipOrigin.Madrhas)
                    {
                        return $"Gestionnaire principal en double : la structure {link.Identifier} a déjà pour gestionnaire principal {primary.User?.Login}, nommé dans le portail";
                    }

                    handedOver = primary;
                }
            }

            if (current is null && link.EndDate < (link.StartDate ?? run.Today))
            {
                return $"Date de fin ({link.EndDate:yyyy-MM-dd}) antérieure à la date de début par défaut, la date du jour ({run.Today:yyyy-MM-dd})";
            }
        }

        user = StageUser(user, line);
        run.Users.TryAdd(line.Login, UserFingerprint.Of(line));
        if (link is null)
        {
            return null;
        }

        structure ??= StageStructure(link);
        var units = StageServices(structure, link.ServiceCodes);
        if (handedOver is not null)
        {
            handedOver.Role = MembershipRole.SecondaryManager;
            report.MembershipsUpdated++;
        }

        var membership = current is null ? StageMembership(user, structure, link, units) : UpdateMembership(current, link, units);
        if (membership.Origin == MembershipOrigin.Madrhas)
        {
            run.SeenMemberships.Add(membership.Id);
        }

        if (membership.Role == MembershipRole.PrimaryManager)
        {
            _primaryManagers[structure.Id] = membership;
            run.PrimaryManagers.TryAdd((link.IdentifierType, link.Identifier), (line.Login, line.LineNumber));
        }

        run.Pairs.TryAdd((user.Id, structure.Id), line.LineNumber);
        return null;
    }

    // Any active membership of the pair, requested in the portal or not, already gives the access.
    private Membership? CurrentMembership(Guid userId, Guid structureId) =>
        _memberships.TryGetValue(userId, out var list)
            ? list.Find(m => m.StructureId == structureId && m.Status == MembershipStatus.Active)
            : null;

    private User StageUser(User? user, MadrhasLine line)
    {
        if (user is null)
        {
            user = new User
            {
                Login = line.Login,
                Civility = line.Civility,
                LastName = line.LastName,
                FirstName = line.FirstName,
                ContactEmail = line.Email,
                MadrhasEmail = line.Email,
                Address = AddressOf(line),
                CreatedAt = run.Now,
                UpdatedAt = run.Now,
            };
            if (line.Status == UserStatus.Inactive)
            {
                user.Deactivate();
            }

            db.Users.Add(user);
            _users.Add(user.Login, user);
            report.UsersCreated++;
            return user;
        }

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
        if (updated || statusChanged)
        {
            user.UpdatedAt = run.Now;
        }

        return user;

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

    private Structure StageStructure(MadrhasMembership link)
    {
        var structure = new Structure
        {
            IdentifierType = link.IdentifierType,
            Identifier = link.Identifier,
            CompanyName = link.CompanyName,
            CreatedAt = run.Now,
        };
        structure.RefreshSearchText();
        db.Structures.Add(structure);
        _structures.Add((link.IdentifierType, link.Identifier), structure);
        report.StructuresCreated++;
        return structure;
    }

    private List<ServiceUnit> StageServices(Structure structure, IReadOnlyList<string> codes)
    {
        var units = new List<ServiceUnit>(codes.Count);
        foreach (var code in codes)
        {
            var unit = structure.Services.Find(s => string.Equals(s.Code, code, StringComparison.Ordinal));
            if (unit is null)
            {
                // Until the structures directory gives a better label, the code is the label (contract).
                unit = new ServiceUnit { StructureId = structure.Id, Structure = structure, Code = code, Label = code };
                structure.Services.Add(unit);
                db.ServiceUnits.Add(unit);
                report.ServicesCreated++;
            }

            units.Add(unit);
        }

        return units;
    }

    private Membership StageMembership(User user, Structure structure, MadrhasMembership link, List<ServiceUnit> units)
    {
        var membership = new Membership
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
            Services = [.. units.Select(u => new MembershipService { ServiceUnitId = u.Id })],
        };
        db.Memberships.Add(membership);
        if (!_memberships.TryGetValue(user.Id, out var list))
        {
            _memberships[user.Id] = list = [];
        }

        list.Add(membership);
        report.MembershipsCreated++;
        return membership;
    }

    /// <summary>Applies the line's role, services and dates to a MADRHAS membership; a portal one is left as it is.</summary>
    private Membership UpdateMembership(Membership membership, MadrhasMembership link, List<ServiceUnit> units)
    {
        if (membership.Origin != MembershipOrigin.Madrhas)
        {
            return membership;
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

        var wanted = units.Select(u => u.Id).ToHashSet();
        if (membership.WholeStructure != link.WholeStructure || !wanted.SetEquals(membership.Services.Select(s => s.ServiceUnitId)))
        {
            membership.WholeStructure = link.WholeStructure;
            membership.Services.RemoveAll(s => !wanted.Contains(s.ServiceUnitId));
            var kept = membership.Services.Select(s => s.ServiceUnitId).ToHashSet();
            membership.Services.AddRange(wanted.Where(id => !kept.Contains(id)).Select(id => new MembershipService { MembershipId = membership.Id, ServiceUnitId = id }));
            changed = true;
        }

        report.MembershipsUpdated += changed ? 1 : 0;
        return membership;
    }

    private static PostalAddress AddressOf(MadrhasLine line) => new()
    {
        Line1 = line.AddressLine1,
        Line2 = line.AddressLine2,
        PostalCode = line.PostalCode,
        City = line.City,
        Country = line.Country,
    };
}
