using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Structures;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Madrhas;

/// <summary>
/// Applies a MADRHAS extract to the database: creates what is missing and applies user statuses.
/// It never ends memberships nor changes existing ones (that is the full nightly import's job).
/// </summary>
/// <remarks>
/// Each line is saved on its own, then the change tracker is cleared so that memory does not grow with the
/// file: give the loader a context of its own. Only the first applied line of each user and the user ×
/// structure pairs seen are remembered, to check the later lines against them.
/// </remarks>
public sealed class MadrhasLoader(ChorusAccountDbContext db, TimeProvider timeProvider)
{
    private static readonly TimeZoneInfo _paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public async Task<MadrhasLoadReport> LoadAsync(Stream extract, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(extract);
        if (db.ChangeTracker.HasChanges())
        {
            throw new InvalidOperationException("The loader clears the change tracker after each line: save or discard pending changes first.");
        }

        var run = new Run(timeProvider.GetUtcNow());
        var report = new MadrhasLoadReport();
        await foreach (var record in MadrhasCsvReader.ReadAsync(extract, ct))
        {
            switch (record)
            {
                case MadrhasRejection { IsFileError: true } fileError:
                    report.Reject(fileError);
                    break;
                case MadrhasRejection rejection:
                    report.LinesRead++;
                    report.Reject(rejection);
                    break;
                case MadrhasLine line:
                    report.LinesRead++;
                    await LoadLineAsync(line, run, report, ct);
                    break;
            }
        }

        return report;
    }

    private async Task LoadLineAsync(MadrhasLine line, Run run, MadrhasLoadReport report, CancellationToken ct)
    {
        var changes = new LineChanges();
        string? reason;
        try
        {
            reason = await ApplyAsync(line, run, changes, ct);
            if (reason is null)
            {
                await db.SaveChangesAsync(ct);
            }
        }
        catch (DbUpdateException e)
        {
            // A constraint or a concurrent edit fails this line only; the next lines start from a clean tracker.
            reason = $"Erreur d'enregistrement : {(e.InnerException ?? e).Message}";
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        if (reason is not null)
        {
            report.Reject(new MadrhasRejection(line.LineNumber, line.Login, reason));
            return;
        }

        run.FirstLines.TryAdd(line.Login, line);
        if (line.Membership is { } membership)
        {
            run.Pairs.TryAdd((line.Login, membership.IdentifierType, membership.Identifier), line.LineNumber);
        }

        report.UsersCreated += changes.UserCreated ? 1 : 0;
        report.UsersUpdated += changes.UserUpdated ? 1 : 0;
        report.UsersDeactivated += changes.UserDeactivated ? 1 : 0;
        report.UsersReactivated += changes.UserReactivated ? 1 : 0;
        report.StructuresCreated += changes.StructureCreated ? 1 : 0;
        report.ServicesCreated += changes.ServicesCreated;
        report.MembershipsCreated += changes.MembershipCreated ? 1 : 0;
    }

    /// <summary>Checks the line, then stages its changes; returns the rejection reason, staging nothing, if it is refused.</summary>
    private async Task<string?> ApplyAsync(MadrhasLine line, Run run, LineChanges changes, CancellationToken ct)
    {
        if (run.FirstLines.TryGetValue(line.Login, out var first) && line.DifferingUserColumns(first) is { Count: > 0 } differing)
        {
            return $"Colonnes de l'utilisateur différentes de la ligne {first.LineNumber} : {string.Join(", ", differing)}";
        }

        var link = line.Membership;
        if (link is not null && run.Pairs.TryGetValue((line.Login, link.IdentifierType, link.Identifier), out var pairLine))
        {
            return $"Rattachement en double : {line.Login} a déjà une ligne pour la structure {link.Identifier} (ligne {pairLine})";
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Login == line.Login, ct);
        Structure? structure = null;
        var createMembership = false;
        var startDate = run.Today;
        if (link is not null)
        {
            structure = await db.Structures.Include(s => s.Services)
                .SingleOrDefaultAsync(s => s.IdentifierType == link.IdentifierType && s.Identifier == link.Identifier, ct);
            if (link.Role == MembershipRole.PrimaryManager && structure is not null)
            {
                var userId = user?.Id ?? Guid.Empty;
                var structureId = structure.Id;
                var primaryManager = await db.Memberships
                    .Where(m => m.StructureId == structureId && m.Role == MembershipRole.PrimaryManager
                        && m.Status == MembershipStatus.Active && m.UserId != userId)
                    .Select(m => m.User!.Login)
                    .FirstOrDefaultAsync(ct);
                if (primaryManager is not null)
                {
                    return $"Gestionnaire principal en double : la structure {link.Identifier} a déjà pour gestionnaire principal {primaryManager}";
                }
            }

            // Any active membership of the pair, requested in the portal or not, already gives the access.
            createMembership = user is null || structure is null || !await HasActiveMembershipAsync(user.Id, structure.Id, ct);
            startDate = link.StartDate ?? run.Today;
            if (createMembership && link.EndDate < startDate)
            {
                return $"Date de fin ({link.EndDate:yyyy-MM-dd}) antérieure à la date de début par défaut, la date du jour ({startDate:yyyy-MM-dd})";
            }
        }

        user = StageUser(user, line, run.Now, changes);
        if (link is null)
        {
            return null;
        }

        structure ??= StageStructure(link, run.Now, changes);
        var units = StageServices(structure, link.ServiceCodes, changes);
        if (createMembership)
        {
            db.Memberships.Add(new Membership
            {
                UserId = user.Id,
                StructureId = structure.Id,
                Role = link.Role,
                Status = MembershipStatus.Active,
                Origin = MembershipOrigin.Madrhas,
                WholeStructure = link.WholeStructure,
                StartDate = startDate,
                EndDate = link.EndDate,
                RequestedAt = run.Now,
                DecidedAt = run.Now,
                Services = [.. units.Select(u => new MembershipService { ServiceUnitId = u.Id })],
            });
            changes.MembershipCreated = true;
        }

        return null;
    }

    private Task<bool> HasActiveMembershipAsync(Guid userId, Guid structureId, CancellationToken ct) =>
        db.Memberships.AnyAsync(m => m.UserId == userId && m.StructureId == structureId && m.Status == MembershipStatus.Active, ct);

    private User StageUser(User? user, MadrhasLine line, DateTime now, LineChanges changes)
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
                CreatedAt = now,
                UpdatedAt = now,
            };
            if (line.Status == UserStatus.Inactive)
            {
                user.Deactivate();
            }

            db.Users.Add(user);
            changes.UserCreated = true;
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

        if (line.Status == UserStatus.Inactive && user.IsActive)
        {
            user.Deactivate();
            changes.UserDeactivated = true;
        }
        else if (line.Status == UserStatus.Active && !user.IsActive)
        {
            user.Reactivate();
            changes.UserReactivated = true;
        }

        changes.UserUpdated = updated;
        if (updated || changes.UserDeactivated || changes.UserReactivated)
        {
            user.UpdatedAt = now;
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

    private Structure StageStructure(MadrhasMembership link, DateTime now, LineChanges changes)
    {
        var structure = new Structure
        {
            IdentifierType = link.IdentifierType,
            Identifier = link.Identifier,
            CompanyName = link.CompanyName,
            CreatedAt = now,
        };
        structure.RefreshSearchText();
        db.Structures.Add(structure);
        changes.StructureCreated = true;
        return structure;
    }

    private List<ServiceUnit> StageServices(Structure structure, IReadOnlyList<string> codes, LineChanges changes)
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
                // Added explicitly: discovered through the navigation, a preset key would be taken for an existing row.
                db.ServiceUnits.Add(unit);
                changes.ServicesCreated++;
            }

            units.Add(unit);
        }

        return units;
    }

    private static PostalAddress AddressOf(MadrhasLine line) => new()
    {
        Line1 = line.AddressLine1,
        Line2 = line.AddressLine2,
        PostalCode = line.PostalCode,
        City = line.City,
        Country = line.Country,
    };

    /// <summary>State kept across the lines of one load.</summary>
    private sealed class Run(DateTimeOffset now)
    {
        public DateTime Now { get; } = now.UtcDateTime;

        /// <summary>Default start date of memberships: the import date in France.</summary>
        public DateOnly Today { get; } = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, _paris).DateTime);

        public Dictionary<string, MadrhasLine> FirstLines { get; } = new(StringComparer.Ordinal);
        public Dictionary<(string Login, StructureIdentifierType Type, string Identifier), int> Pairs { get; } = [];
    }

    private sealed class LineChanges
    {
        public bool UserCreated { get; set; }
        public bool UserUpdated { get; set; }
        public bool UserDeactivated { get; set; }
        public bool UserReactivated { get; set; }
        public bool StructureCreated { get; set; }
        public int ServicesCreated { get; set; }
        public bool MembershipCreated { get; set; }
    }
}
