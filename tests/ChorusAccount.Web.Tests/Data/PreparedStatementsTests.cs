using ChorusAccount.Web.Data;
using Npgsql;

namespace ChorusAccount.Web.Tests.Data;

public sealed class PreparedStatementsTests
{
    [Fact]
    public void A_PostgreSQL_connection_string_without_the_setting_keeps_its_repeated_statements_prepared()
    {
        var prepared = new NpgsqlConnectionStringBuilder(DatabaseSetup.KeepStatementsPrepared("Host=db;Database=chorus;Username=portal"));

        Assert.Equal(64, prepared.MaxAutoPrepare);
        Assert.Equal(2, prepared.AutoPrepareMinUsages);
        Assert.Equal("db", prepared.Host);
        Assert.Equal("chorus", prepared.Database);
    }

    [Fact]
    public void The_operator_s_own_setting_wins()
    {
        var prepared = new NpgsqlConnectionStringBuilder(DatabaseSetup.KeepStatementsPrepared("Host=db;Database=chorus;Max Auto Prepare=0"));

        Assert.Equal(0, prepared.MaxAutoPrepare);
    }
}
