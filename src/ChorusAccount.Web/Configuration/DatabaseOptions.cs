namespace ChorusAccount.Web.Configuration;

/// <summary>The `Database` section: which engine, and what to do with it at start-up.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations when the portal starts (turn off in production and run the `migrate` verb).</summary>
    public bool MigrateAtStartup { get; set; } = true;

    /// <summary>Load the bundled MADRHAS demo extract at start-up (embedded default only).</summary>
    public bool LoadDemoData { get; set; }
}

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}
