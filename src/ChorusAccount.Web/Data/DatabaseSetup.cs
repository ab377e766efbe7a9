using ChorusAccount.Core.Data;
using ChorusAccount.Web.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChorusAccount.Web.Data;

public static class DatabaseSetup
{
    public static IServiceCollection AddChorusAccountDatabase(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString("Default");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (options.Provider != DatabaseProvider.Sqlite)
            {
                // A refused setting, said in one line like the options' checks (DeploymentSafety.RefusalLine), not a stack trace.
                throw new OptionsValidationException("ConnectionStrings", typeof(DatabaseOptions),
                    [$"ConnectionStrings:Default is required for the {options.Provider} provider (Database:Provider): give the database's connection string."]);
            }

            connectionString = "Data Source=App_Data/chorus-account.db";
        }

        if (options.Provider == DatabaseProvider.Sqlite)
        {
            connectionString = AnchorSqliteFile(connectionString, environment.ContentRootPath);
        }

        // Pooled: a request rents a context already built instead of building one (ChorusAccountDbContext keeps no state
        // of its own beyond what EF Core resets when the context goes back to the pool).
        services.AddDbContextPool<ChorusAccountDbContext>(builder => Use(builder, options.Provider, connectionString));
        return services;
    }

    public static DbContextOptionsBuilder Use(DbContextOptionsBuilder builder, DatabaseProvider provider, string connectionString) =>
        // After the engine: the rules' expander wraps the engine's own query preprocessing.
        UseEngine(builder, provider, connectionString).UseComposedRules();

    private static DbContextOptionsBuilder UseEngine(DbContextOptionsBuilder builder, DatabaseProvider provider, string connectionString) => provider switch
    {
        DatabaseProvider.Sqlite => builder.UseSqlite(connectionString, o => o.MigrationsAssembly("ChorusAccount.Migrations.Sqlite"))
            .AddInterceptors(SqliteConnectionSettings.Instance).KeepSqliteStatementsPrepared(),
        // No EnableRetryOnFailure: EF Core refuses the transactions the portal opens itself under a retrying strategy.
        // A transient fault fails the request (nothing half-written) or the job (Hangfire runs it again).
        DatabaseProvider.SqlServer => builder.UseSqlServer(connectionString, o => o.MigrationsAssembly("ChorusAccount.Migrations.SqlServer")),
        DatabaseProvider.PostgreSql => builder.UseNpgsql(PortalPostgreSqlSettings(connectionString), o => o.MigrationsAssembly("ChorusAccount.Migrations.PostgreSql")),
        _ => throw new InvalidOperationException($"Unknown database provider {provider}."),
    };

    /// <summary>
    /// The portal's PostgreSQL connection settings, each added only when the connection string does not say it (an
    /// explicit setting wins), ADR-014:
    /// <list type="bullet">
    /// <item>Npgsql prepares on the server, per pooled connection, the statements a connection runs again and again (the
    /// pages' few dozen): PostgreSQL parses each of them once instead of at every request
    /// (<c>Max Auto Prepare=64; Auto Prepare Min Usages=2</c>).</item>
    /// <item>A prepared statement is planned once, for any value of its parameters
    /// (<c>plan_cache_mode=force_generic_plan</c>): left to choose, PostgreSQL planned the space-lines union again at every
    /// run (1.2–1.5 ms) because a list parameter (<c>= ANY (@ids)</c>) makes its generic plan look dearer than it
    /// is. The portal's statements are key lookups whose best plan does not depend on the key.</item>
    /// <item>A connection going back to Npgsql's pool is not reset (<c>No Reset On Close</c>): the portal leaves no
    /// session state behind (no <c>SET</c>, temporary table, <c>LISTEN</c> or advisory lock), and the reset's seven
    /// statements cost the server about 0.2 ms per request.</item>
    /// </list>
    /// </summary>
    public static string PortalPostgreSqlSettings(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        if (!connectionString.Contains("plan_cache_mode", StringComparison.OrdinalIgnoreCase))
        {
            builder.Options = string.IsNullOrWhiteSpace(builder.Options)
                ? GenericPlans
                : $"{builder.Options} {GenericPlans}";
        }

        if (!connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ToString();
    }

    private const string GenericPlans = "-c plan_cache_mode=force_generic_plan";

    // A relative SQLite path is taken from the content root, and its folder is created, so `dotnet run` works anywhere.
    private static string AnchorSqliteFile(string connectionString, string contentRoot)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && builder.Mode != Microsoft.Data.Sqlite.SqliteOpenMode.Memory)
        {
            var path = Path.IsPathRooted(file) ? file : Path.Combine(contentRoot, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            builder.DataSource = path;
        }

        return builder.ToString();
    }
}
