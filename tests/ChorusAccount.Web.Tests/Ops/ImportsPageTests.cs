using System.Net;
using System.Text;
using ChorusAccount.Core.Madrhas;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using nietras.SeparatedValues;

namespace ChorusAccount.Web.Tests.Ops;

/// <summary>The operators' pages: the imports page, its rejected lines, « Lancer l'import », the Hangfire dashboard.</summary>
public abstract class ImportsPageTests(PortalHost host)
{
    private async Task<AgentClient> SignedInOperatorAsync()
    {
        var agent = host.NewAgent();
        await agent.SignInAsync((await host.OperatorAsync()).Login);
        return agent;
    }

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task Operator_sees_the_runs_and_each_run_s_rejected_lines_also_as_csv()
    {
        var file = Unique("madrhas-") + ".csv";
        var login = Unique("imp");
        var report = await host.ImportAsync(MadrhasExtract.Of(MadrhasExtract.Line(login), MadrhasExtract.Line("=bad login", role: "CHEF")), file);
        using var agent = await SignedInOperatorAsync();

        var list = await agent.GetAsync("/ops/imports");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.True(list.Contains(file), list.Html);
        Assert.True(list.Contains("Lancer l'import"));

        var details = await agent.GetAsync($"/ops/imports/{report.RunId}");
        Assert.Equal(HttpStatusCode.OK, details.Status);
        Assert.True(details.Contains("Identifiant invalide : =bad login"), details.Html);
        Assert.True(details.Contains("Rôle inconnu : CHEF"));

        using var csv = await agent.Http.GetAsync($"/ops/imports/{report.RunId}/lignes-rejetees.csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var text = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Ligne;Identifiant;Motif", lines[0]);
        // The reason holds « ; », so it is quoted; the login is not, and starts with an apostrophe, never a formula.
        Assert.StartsWith("3;'=bad login;\"Identifiant invalide : =bad login", lines[1], StringComparison.Ordinal);
        Assert.Equal(2, lines.Length);
        using var rows = Sep.Reader(o => o with { Unescape = true }).FromText(text);
        Assert.True(rows.MoveNext());
        Assert.Equal("'=bad login", rows.Current["Identifiant"].ToString());
        Assert.EndsWith(" ; Rôle inconnu : CHEF", rows.Current["Motif"].ToString(), StringComparison.Ordinal);
        Assert.False(rows.MoveNext());
    }

    [Theory]
    [InlineData("jean,dupont@mairie-exemple.fr")]
    [InlineData("x(y@mairie-exemple.fr")]
    [InlineData("jean..dupont@mairie-exemple.fr")]
    public async Task A_record_whose_email_the_mailer_cannot_use_is_rejected_with_its_reason_and_line(string email)
    {
        var file = Unique("madrhas-") + ".csv";
        var (valid, poison) = (Unique("imp"), Unique("imp"));
        var report = await host.ImportAsync(
            MadrhasExtract.Of(MadrhasExtract.Line(valid), MadrhasExtract.Line(poison).Replace($"{poison}@mairie-exemple.fr", email, StringComparison.Ordinal)), file);

        Assert.Equal(1, report.UsersCreated);
        Assert.Equal(valid, (await host.FindUserAsync(valid)).Login);
        Assert.False(await host.WithDbAsync(db => db.Users.AnyAsync(u => u.Login == poison)));
        using var agent = await SignedInOperatorAsync();
        using var csv = await agent.Http.GetAsync($"/ops/imports/{report.RunId}/lignes-rejetees.csv");
        var lines = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["Ligne;Identifiant;Motif", $"3;{poison};Email invalide : {email}"], lines);
    }

    [Theory]
    [InlineData("\u202E", "202E")]
    [InlineData("\u200B", "200B")]
    [InlineData("\u2066", "2066")]
    public async Task A_record_whose_name_holds_a_bidi_or_format_character_is_rejected_with_its_reason_and_line(string character, string code)
    {
        var file = Unique("madrhas-") + ".csv";
        var (valid, poison) = (Unique("imp"), Unique("imp"));
        var report = await host.ImportAsync(
            MadrhasExtract.Of(MadrhasExtract.Line(valid), MadrhasExtract.Line(poison).Replace(";TESTEUR;", $";TES{character}TEUR;", StringComparison.Ordinal)), file);

        Assert.Equal(1, report.UsersCreated);
        Assert.False(await host.WithDbAsync(db => db.Users.AnyAsync(u => u.Login == poison)));
        using var agent = await SignedInOperatorAsync();
        using var csv = await agent.Http.GetAsync($"/ops/imports/{report.RunId}/lignes-rejetees.csv");
        var lines = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["Ligne;Identifiant;Motif", $"3;{poison};Nom : caractère interdit U+{code} (caractère de contrôle, de mise en forme ou invisible)"], lines);
    }

    [Fact]
    public async Task Run_of_another_id_is_not_found()
    {
        using var agent = await SignedInOperatorAsync();

        using var response = await agent.Http.GetAsync($"/ops/imports/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/ops/imports")]
    [InlineData("/ops/hangfire")]
    public async Task Agent_who_is_not_an_operator_gets_the_friendly_403_page(string path)
    {
        var user = await host.CreateUserAsync();
        using var agent = host.NewAgent();
        await agent.SignInAsync(user.Login);

        var page = await agent.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Equal("/acces-refuse", page.Uri.AbsolutePath);
    }

    [Fact]
    public async Task Anonymous_visitor_of_the_dashboard_is_sent_to_sign_in()
    {
        using var agent = host.NewAgent();

        using var response = await agent.NoRedirect.GetAsync("/ops/hangfire");

        PigpAssert.SentToThePigp(host, response);
    }

    [Fact]
    public async Task Operator_reaches_the_hangfire_dashboard()
    {
        using var agent = await SignedInOperatorAsync();

        var page = await agent.GetAsync("/ops/hangfire/recurring");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.True(page.Contains(MadrhasImportJob()), page.Html);
    }

    private static string MadrhasImportJob() => ChorusAccount.Web.Jobs.MadrhasImportJob.RecurringJobId;

    [Fact]
    public async Task Launch_imports_the_newest_extract_of_the_drop_folder_then_archives_it()
    {
        var login = Unique("lance");
        var drop = Directory.CreateDirectory(Path.Combine(host.JobsFolder, "depot"));
        var file = Path.Combine(drop.FullName, Unique("extraction-") + ".csv");
        await File.WriteAllTextAsync(file, MadrhasExtract.Of(MadrhasExtract.Line(login, siret: "")));
        using var agent = await SignedInOperatorAsync();
        var page = await agent.GetAsync("/ops/imports");

        var launched = await agent.SubmitAsync(page.Form("/ops/imports/lancer"));

        Assert.Equal("/ops/imports", launched.Uri.AbsolutePath);
        Assert.True(launched.Contains("L'import est lancé"), launched.Html);
        var run = await host.WaitForRunAsync(Path.GetFileName(file));
        Assert.Equal((MadrhasImportRunStatus.Completed, 1), (run.Status, run.UsersCreated));
        Assert.Equal("Camille", (await host.FindUserAsync(login)).FirstName);
        Assert.False(File.Exists(file));
        Assert.Single(Directory.GetFiles(Path.Combine(host.JobsFolder, "archives"), "*" + Path.GetFileName(file)));
    }

    [Fact]
    public async Task Launch_while_a_run_is_going_says_so_and_starts_nothing()
    {
        var running = new MadrhasImportRun { FileName = Unique("en-cours-") + ".csv", FileHash = new string('0', 64), StartedAt = DateTime.UtcNow, HeartbeatAt = DateTime.UtcNow };
        await host.WithDbAsync(async db =>
        {
            db.MadrhasImportRuns.Add(running);
            await db.SaveChangesAsync();
        });
        try
        {
            using var agent = await SignedInOperatorAsync();
            var page = await agent.GetAsync("/ops/imports");
            Assert.True(page.Contains($"Import en cours : {running.FileName}"), page.Html);

            var answer = await agent.SubmitAsync(page.Form("/ops/imports/lancer"));

            Assert.True(answer.Contains("Un import est déjà en cours"), answer.Html);
            Assert.False(answer.Contains("L'import est lancé"));
        }
        finally
        {
            await host.WithDbAsync(db => db.MadrhasImportRuns.Where(r => r.Id == running.Id).ExecuteUpdateAsync(r => r.SetProperty(x => x.RunningLock, (int?)null)));
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ImportsPageTestsOnSqlite(SqlitePortalFixture fixture) : ImportsPageTests(fixture.Host);

[Collection(PostgreSqlCollection.Name)]
public sealed class ImportsPageTestsOnPostgreSql(PostgreSqlPortalFixture fixture) : ImportsPageTests(fixture.Host);
