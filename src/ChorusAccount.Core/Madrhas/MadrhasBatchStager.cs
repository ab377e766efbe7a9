using System.Globalization;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Auditing;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Structures;

namespace ChorusAccount.Core.Madrhas;

/// <summary>Stages what an accepted record changes in <see cref="Changes"/>, counting it in the report; writes nothing itself.</summary>
internal sealed class MadrhasBatchStager(MadrhasBatchLoader rows, MadrhasRunState run, MadrhasImportReport report)
{
    public MadrhasBatchChanges Changes { get; } = new();

    /// <summary>The former primary manager of a structure becomes secondary manager: MADRHAS hands its own role over.</summary>
    public void HandOver(MadrhasBatchMembership primary, RunStructure structure, string structureName)
    {
        primary.Row.Role = MembershipRole.SecondaryManager;
        primary.Changed = true;
        report.MembershipsUpdated++;
        Audit(primary.UserId, structureName,
            new FieldChange("Role", nameof(MembershipRole.PrimaryManager), nameof(MembershipRole.SecondaryManager)));
    }

    /// <summary>An ended membership the changed record does not re-open: it keeps the record, so that the record is known next time.</summary>
    public void Rehash(MadrhasBatchMembership ended, MadrhasMembership link, long hash)
    {
        ended.Row.MadrhasRecordHash = hash;
        ended.Row.MadrhasRole = link.Role;
        Changes.RehashedMemberships.Add(ended.Row);
    }

    public MadrhasBatchUser StageUser(MadrhasBatchUser? known, MadrhasValidRecord record, long hash)
    {
        if (known is null)
        {
            var created = new User
            {
                Login = record.Login,
                Civility = record.Civility,
                LastName = record.LastName,
                FirstName = record.FirstName,
                ContactEmail = record.Email,
                MadrhasEmail = record.Email,
                MadrhasRecordHash = hash,
                Address = AddressOf(record),
                CreatedAt = run.Now,
                UpdatedAt = run.Now,
            };
            if (record.Status == UserStatus.Inactive)
            {
                created.Deactivate();
            }

            known = new MadrhasBatchUser(created.Id, hash, created.Status) { Row = created };
            rows.Users.Add(record.Login, known);
            Changes.CreatedUsers.Add(created);
            report.UsersCreated++;
            return known;
        }

        // Not read in full: its stored hash says the record is the one already applied.
        if (known.Row is not { } user)
        {
            return known;
        }

        var readVersion = user.Version;
        // MadrhasEmail records what MADRHAS sent, not a user edit, so it follows the extract even after validation.
        var updated = Set(user.MadrhasEmail, record.Email, v => user.MadrhasEmail = v);
        if (user.MustCompleteProfile)
        {
            var address = AddressOf(record);
            updated |= Set(user.Civility, record.Civility, v => user.Civility = v);
            updated |= Set(user.LastName, record.LastName, v => user.LastName = v!);
            updated |= Set(user.FirstName, record.FirstName, v => user.FirstName = v!);
            updated |= Set(user.ContactEmail, record.Email, v => user.ContactEmail = v!);
            updated |= Set(user.Address.Line1, address.Line1, v => user.Address.Line1 = v);
            updated |= Set(user.Address.Line2, address.Line2, v => user.Address.Line2 = v);
            updated |= Set(user.Address.PostalCode, address.PostalCode, v => user.Address.PostalCode = v);
            updated |= Set(user.Address.City, address.City, v => user.Address.City = v);
            updated |= Set(user.Address.Country, address.Country, v => user.Address.Country = v!);
        }

        var statusChanged = true;
        if (record.Status == UserStatus.Inactive && user.IsActive)
        {
            user.Deactivate();
            report.UsersDeactivated++;
        }
        else if (record.Status == UserStatus.Active && !user.IsActive)
        {
            user.Reactivate();
            report.UsersReactivated++;
        }
        else
        {
            statusChanged = false;
        }

        report.UsersUpdated += updated ? 1 : 0;
        user.MadrhasRecordHash = hash;
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

    public RunStructure StageStructure(MadrhasMembership link)
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

    public List<Guid> StageServices(RunStructure structure, IReadOnlyList<string> codes)
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

    public MadrhasBatchMembership StageMembership(MadrhasBatchUser user, RunStructure structure, MadrhasMembership link, List<Guid> units, long hash)
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
            MadrhasRecordHash = hash,
            MadrhasRole = link.Role,
        };
        created.Services = [.. units.Select(u => new MembershipService { MembershipId = created.Id, ServiceUnitId = u })];
        Changes.CreatedMemberships.Add(created);
        Changes.AddedMembershipServices.AddRange(created.Services);
        var membership = new MadrhasBatchMembership(created) { IsNew = true };
        rows.Track(membership);
        report.MembershipsCreated++;
        return membership;
    }

    /// <summary>
    /// Applies a changed record to a MADRHAS membership: <paramref name="role"/> (see <see cref="MadrhasBatch.AppliedRole"/>),
    /// the services and dates; what changed goes to the user's history. A portal membership is left as it is.
    /// </summary>
    public MadrhasBatchMembership UpdateMembership(
        MadrhasBatchMembership current, RunStructure structure, MadrhasMembership link, List<Guid> units, long hash, MembershipRole role)
    {
        if (current.Origin != MembershipOrigin.Madrhas)
        {
            return current;
        }

        var membership = current.Row;
        var changes = new List<FieldChange>();
        if (membership.Role != role)
        {
            changes.Add(new FieldChange("Role", membership.Role.ToString(), role.ToString()));
            membership.Role = role;
        }

        var wanted = units.ToHashSet();
        if (membership.WholeStructure != link.WholeStructure || !wanted.SetEquals(membership.Services.Select(s => s.ServiceUnitId)))
        {
            changes.Add(new FieldChange("Service", ServicesOf(structure, membership), link.WholeStructure ? null : string.Join(", ", link.ServiceCodes)));
            membership.WholeStructure = link.WholeStructure;
            var removed = membership.Services.Where(s => !wanted.Contains(s.ServiceUnitId)).ToList();
            var kept = membership.Services.Select(s => s.ServiceUnitId).ToHashSet();
            var added = wanted.Where(id => !kept.Contains(id)).Select(id => new MembershipService { MembershipId = membership.Id, ServiceUnitId = id }).ToList();
            membership.Services.RemoveAll(removed.Contains);
            membership.Services.AddRange(added);
            Changes.RemovedMembershipServices.AddRange(removed);
            Changes.AddedMembershipServices.AddRange(added);
        }

        var start = link.StartDate ?? membership.StartDate;
        if (membership.StartDate != start || membership.EndDate != link.EndDate)
        {
            changes.Add(new FieldChange("Validity", Validity(membership.StartDate, membership.EndDate), Validity(start, link.EndDate)));
            membership.StartDate = start;
            membership.EndDate = link.EndDate;
        }

        membership.MadrhasRecordHash = hash;
        membership.MadrhasRole = link.Role;
        if (changes.Count > 0)
        {
            current.Changed = true;
            report.MembershipsUpdated++;
            Audit(membership.UserId, link.CompanyName, [.. changes]);
        }
        else if (!current.Changed)
        {
            // A record that changes nothing the membership holds (e.g. a role already handed over to the same effect).
            Changes.RehashedMemberships.Add(membership);
        }

        return current;
    }

    private void Audit(Guid userId, string structureName, params FieldChange[] changes) =>
        Changes.AuditEntries.Add(new AuditEntry
        {
            UserId = userId,
            Actor = MadrhasImporter.Actor,
            At = run.Now,
            Action = MadrhasImporter.ChangedAction,
            Changes = [new FieldChange("Structure", structureName, structureName), .. changes],
        });

    private static string? ServicesOf(RunStructure structure, Membership membership) =>
        membership.WholeStructure
            ? null
            : string.Join(", ", structure.Services.Where(s => membership.Services.Exists(m => m.ServiceUnitId == s.Value)).Select(s => s.Key).Order(StringComparer.Ordinal));

    private static string Validity(DateOnly start, DateOnly? end) =>
        end is { } last
            ? $"{start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} – {last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"
            : start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " –";

    /// <summary>Adds the memberships read and changed to <see cref="Changes"/>, once the batch's records are applied.</summary>
    public void CollectChanges()
    {
        foreach (var membership in rows.MembershipsById.Values.Where(m => m.Changed && !m.IsNew))
        {
            Changes.UpdatedMemberships.Add((membership.Row, membership.ReadRole, membership.ReadVersion));
        }
    }

    private static PostalAddress AddressOf(MadrhasValidRecord record) => new()
    {
        Line1 = record.AddressLine1,
        Line2 = record.AddressLine2,
        PostalCode = record.PostalCode,
        City = record.City,
        Country = record.Country,
    };
}
