using System.Net;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Web.Tests.Documents;

/// <summary>The quota of pièces jointes holds when uploads of one user arrive at once (several tabs, a script): the count
/// is read under the lock of the user's row, in the transaction that writes the document.</summary>
public abstract class ParallelUploadTests(LimitsPortalFixture fixture)
{
    private readonly PortalHost _host = fixture.Host;

    private const int Parallel = 8;

    [Fact]
    public async Task Eight_uploads_at_once_with_one_place_left_store_one_and_tell_the_others_the_quota()
    {
        var user = await _host.CreateUserAsync();
        using var agent = _host.NewAgent();
        await agent.SignInAsync(user.Login);
        for (var i = 1; i < LimitsPortalFixture.MaxDocuments; i++)
        {
            Assert.True((await agent.UploadAsync($"deja-{i}.pdf", DocumentUploads.Pdf, $"Déjà {i}")).Contains("La pièce jointe a été ajoutée."));
        }

        // Files of some megabytes, and the eight held together until the quota: were the count not locked, the others would
        // count while the first one writes.
        byte[] large = [.. DocumentUploads.Pdf, .. new byte[4 * 1024 * 1024]];
        var form = (await agent.GetAsync("/mon-compte")).Form(DocumentUploads.AddPath);
        var bodies = Enumerable.Range(0, Parallel).Select(i => DocumentUploads.Multipart(form, $"envoi-{i}.pdf", large, $"Envoi {i}")).ToList();
        fixture.Gate.Arm(Parallel);
        // Each upload's own answer, redirects not followed: the stored one answers « see Mon compte » with its confirmation
        // in the TempData cookie, which a refused answer arriving in between clears from the shared cookie jar (as in a
        // browser's other tab), so the page it leads to is not where to count it.
        var answers = await Task.WhenAll(bodies.Select(async body =>
        {
            using var response = await agent.NoRedirect.PostAsync(DocumentUploads.AddPath, body);
            return (response.StatusCode, response.Headers.Location, Page: await Page.ReadAsync(response));
        }));
        bodies.ForEach(b => b.Dispose());

        var stored = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Redirect);
        Assert.Equal("/mon-compte#documents-title", stored.Location?.OriginalString);
        var refused = answers.Where(a => a.StatusCode != HttpStatusCode.Redirect).ToList();
        Assert.All(refused, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.All(refused, a => Assert.Contains($"Vous avez atteint le nombre maximal de {LimitsPortalFixture.MaxDocuments} pièces jointes", a.Page.Html));
        Assert.Equal(Parallel - 1, refused.Count);
        Assert.Equal(LimitsPortalFixture.MaxDocuments, await _host.WithDbAsync(db => db.Documents.CountAsync(d => d.UserId == user.Id)));
        Assert.Equal(LimitsPortalFixture.MaxDocuments, await _host.WithDbAsync(db => db.DocumentContents.CountAsync(c => db.Documents.Any(d => d.Id == c.DocumentId && d.UserId == user.Id))));
    }
}

public sealed class ParallelUploadTestsOnSqlite(SqliteLimitsFixture fixture) : ParallelUploadTests(fixture), IClassFixture<SqliteLimitsFixture>;

public sealed class ParallelUploadTestsOnPostgreSql(PostgreSqlLimitsFixture fixture) : ParallelUploadTests(fixture), IClassFixture<PostgreSqlLimitsFixture>;
