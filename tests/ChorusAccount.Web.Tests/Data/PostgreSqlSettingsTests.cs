using ChorusAccount.Core.Data;
using ChorusAccount.Web.Configuration;
using ChorusAccount.Web.Data;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ChorusAccount.Web.Tests.Data;

/// <summary>The settings the portal adds to a PostgreSQL connection string when the operator's does not say them (ADR-014).</summary>
public sealed class PostgreSqlSettingsTests
{
    [Fact]
    public void A_connection_string_without_the_settings_gets_the_portal_s()
    {
        var settings = new NpgsqlConnectionStringBuilder(DatabaseSetup.PortalPostgreSqlSettings("Host=db;Database=chorus;Username=portal"));

        Assert.Equal(64, settings.MaxAutoPrepare);
        Assert.Equal(2, settings.AutoPrepareMinUsages);
        Assert.Equal("-c plan_cache_mode=force_generic_plan", settings.Options);
        Assert.True(settings.NoResetOnClose);
        Assert.Equal("db", settings.Host);
        Assert.Equal("chorus", settings.Database);
        Assert.Equal("portal", settings.Username);
    }

    [Fact]
    public void The_operator_s_own_settings_win()
    {
        var settings = new NpgsqlConnectionStringBuilder(DatabaseSetup.PortalPostgreSqlSettings(
            "Host=db;Database=chorus;Max Auto Prepare=0;Options=-c plan_cache_mode=auto;No Reset On Close=false"));

        Assert.Equal(0, settings.MaxAutoPrepare);
        Assert.Equal("-c plan_cache_mode=auto", settings.Options);
        Assert.False(settings.NoResetOnClose);
    }

    [Fact]
    public void The_operator_s_other_server_options_are_kept_beside_the_plan_setting()
    {
        var settings = new NpgsqlConnectionStringBuilder(DatabaseSetup.PortalPostgreSqlSettings(
            "Host=db;Database=chorus;Options=-c search_path=chorus"));

        Assert.Equal("-c search_path=chorus -c plan_cache_mode=force_generic_plan", settings.Options);
    }

    [Fact]
    public async Task The_portal_s_connections_reach_the_server_with_the_plan_setting()
    {
        await using var database = await TestDatabase.PostgreSqlAsync();
        var builder = new DbContextOptionsBuilder<ChorusAccountDbContext>();
        DatabaseSetup.Use(builder, DatabaseProvider.PostgreSql, database.ConnectionString);
        await using var db = new ChorusAccountDbContext(builder.Options);

        var mode = await db.Database.SqlQueryRaw<string>("SELECT current_setting('plan_cache_mode') AS \"Value\"").SingleAsync();

        Assert.Equal("force_generic_plan", mode);
    }
}
