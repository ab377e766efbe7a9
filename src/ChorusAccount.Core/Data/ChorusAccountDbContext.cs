using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Auditing;
using ChorusAccount.Core.Documents;
using ChorusAccount.Core.Madrhas;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Core.Structures;
using ChorusAccount.Core.Subscriptions;
using LinqKit;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace ChorusAccount.Core.Data;

/// <summary>
/// The portal's database. Its options must expand the composed rules of <see cref="AccessRules"/>
/// (<see cref="ComposedRules.UseComposedRules(DbContextOptionsBuilder)"/>): a context built without them refuses to start, rather than failing
/// on the first query that grants something.
/// </summary>
public sealed class ChorusAccountDbContext : DbContext, IDataProtectionKeyContext
{
    public ChorusAccountDbContext(DbContextOptions<ChorusAccountDbContext> options)
        : base(options)
    {
        if (!options.Extensions.Any(e => e.GetType().Name.StartsWith("ExpandableDbContextOptionsExtension", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException("The options of ChorusAccountDbContext must call UseComposedRules().");
        }
    }

    public DbSet<User> Users => Set<User>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<Structure> Structures => Set<Structure>();
    public DbSet<StructureSearchToken> StructureSearchTokens => Set<StructureSearchToken>();
    public DbSet<ServiceUnit> ServiceUnits => Set<ServiceUnit>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<MembershipService> MembershipServices => Set<MembershipService>();
    public DbSet<Space> Spaces => Set<Space>();
    public DbSet<Subscription> Subscriptions => Set<Subscription>();
    public DbSet<Document> Documents => Set<Document>();
    public DbSet<DocumentContent> DocumentContents => Set<DocumentContent>();
    public DbSet<DocumentType> DocumentTypes => Set<DocumentType>();
    public DbSet<NotificationEvent> NotificationEvents => Set<NotificationEvent>();
    public DbSet<NotificationDigest> NotificationDigests => Set<NotificationDigest>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<MadrhasImportRun> MadrhasImportRuns => Set<MadrhasImportRun>();
    public DbSet<MadrhasRejectedRecord> MadrhasRejectedRecords => Set<MadrhasRejectedRecord>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ChorusAccountDbContext).Assembly);
        // The one engine-specific mapping: the configuration classes do not know the engine.
        modelBuilder.Entity<StructureSearchToken>().Property(t => t.Token).UseCollation(EngineDialect.OrdinalCollation(Database.ProviderName));
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RenewVersions();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RenewVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    // The token read with the row is the one checked; a new one is written so the next writer sees a change.
    private void RenewVersions()
    {
        foreach (var entry in ChangeTracker.Entries<IVersioned>())
        {
            if (entry.State == EntityState.Modified)
            {
                entry.Entity.Version = NewId.Random();
            }
        }
    }
}

/// <summary>How the options of <see cref="ChorusAccountDbContext"/> turn on the composed rules.</summary>
public static class ComposedRules
{
    /// <summary>
    /// Queries may compose the rules of <see cref="AccessRules"/>: LinqKit expands them before translation. Call it after
    /// the engine's <c>Use…</c>: the expander wraps the engine's own query preprocessing.
    /// </summary>
    public static DbContextOptionsBuilder<ChorusAccountDbContext> UseComposedRules(this DbContextOptionsBuilder<ChorusAccountDbContext> builder) =>
        (DbContextOptionsBuilder<ChorusAccountDbContext>)((DbContextOptionsBuilder)builder).UseComposedRules();

    /// <inheritdoc cref="UseComposedRules(DbContextOptionsBuilder{ChorusAccountDbContext})"/>
    public static DbContextOptionsBuilder UseComposedRules(this DbContextOptionsBuilder builder)
    {
        // A list of ids in a query (the structures a manager manages, the memberships of a page) is one array-like
        // parameter of its statement on every engine, in compiled queries too (CompiledIdsQuery), whatever its length.
        // Translated as one parameter per id (EF Core's default), each length is another statement: its SQL is generated
        // again at every run (EF Core does not cache it) and the engine prepares and plans it again.
        var engine = builder.Options.Extensions.OfType<RelationalOptionsExtension>().SingleOrDefault()
            ?? throw new InvalidOperationException("UseComposedRules() comes after the engine's Use… (UseSqlite, UseNpgsql, UseSqlServer).");
        ((IDbContextOptionsBuilderInfrastructure)builder).AddOrUpdateExtension(engine.WithUseParameterizedCollectionMode(ParameterTranslationMode.Parameter));
        return builder.WithExpressionExpanding();
    }
}
