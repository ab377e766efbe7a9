using System.Net;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Web.Tests.Infrastructure;

namespace ChorusAccount.Web.Tests.Accounts;

/// <summary>An extract saying INACTIF ends the open sessions of that user (its security stamp is renewed).</summary>
public abstract class DeactivationByImportTests(PortalHost host)
{
    [Fact]
    public async Task Open_session_of_a_user_the_import_deactivates_stops_working()
    {
        var user = await host.CreateUserAsync();
        using var agent = host.NewAgent();
        await agent.SignInAsync(user.Login);
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/mon-compte")).Status);

        var report = await host.ImportAsync(MadrhasExtract.Of(MadrhasExtract.Line(user.Login, status: "INACTIF", siret: "")), "desactivation.csv");

        Assert.Equal(1, report.UsersDeactivated);
        var stored = await host.FindUserAsync(user.Login);
        Assert.Equal(UserStatus.Inactive, stored.Status);
        Assert.NotEqual(user.SecurityStamp, stored.SecurityStamp);
        using var response = await agent.NoRedirect.GetAsync("/mon-compte");
        PigpAssert.SentToThePigp(host, response);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DeactivationByImportTestsOnSqlite(SqlitePortalFixture fixture) : DeactivationByImportTests(fixture.Host);

[Collection(PostgreSqlCollection.Name)]
public sealed class DeactivationByImportTestsOnPostgreSql(PostgreSqlPortalFixture fixture) : DeactivationByImportTests(fixture.Host);
