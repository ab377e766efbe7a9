using System.Net;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Web.Tests.Documents;

/// <summary>The quota of pièces jointes holds when uploads of one user arrive at once (several tabs, a script): the count
/// is read under the lock of the user's row, in the transaction that writes the document.</summary>
public abstract class ParallelUploadTests(PortalHost host)
{
    private const int Parallel = 8;

    [Fact]
    public async Task Eight_uploads_at_once_with_one_place_left_store_one_and_tell_the_others_the_quota()
    {
        var user = await host.CreateUserAsync();
        using var agent = host.NewAgent();
        await agent.SignInAsync(user.Login);
        for (var i = 1; i < LimitsPortalFixture.MaxDocuments; i++)
        {
            Assert.True((await agent.UploadAsync($"deja-{i}.pdf", DocumentUploads.Pdf, $"Déjà {i}")).Contains("La pièce jointe a été ajoutée."));
        }

        var form = (await agent.GetAsync("/mon-compte")).Form(DocumentUploads.AddPath);
        var bodies = Enumerable.Range(0, Parallel).Select(i => DocumentUploads.Multipart(form, $"envoi-{i}.pdf", DocumentUploads.Pdf, $"Envoi {i}")).ToList();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var posts = bodies.Select(body => Task.Run(async () =>
        {
            await start.Task;
            using var response = await agent.Http.PostAsync(DocumentUploads.AddPath, body);
            return await Page.ReadAsync(response);
        })).ToList();
        start.SetResult();
        var pages = await Task.WhenAll(posts);
        bodies.ForEach(b => b.Dispose());

        Assert.All(pages, p => Assert.Equal(HttpStatusCode.OK, p.Status));
        Assert.Single(pages, p => p.Contains("La pièce jointe a été ajoutée."));
        Assert.Equal(Parallel - 1, pages.Count(p => p.Contains($"Vous avez atteint le nombre maximal de {LimitsPortalFixture.MaxDocuments} pièces jointes")));
        Assert.Equal(LimitsPortalFixture.MaxDocuments, await host.WithDbAsync(db => db.Documents.CountAsync(d => d.UserId == user.Id)));
        Assert.Equal(LimitsPortalFixture.MaxDocuments, await host.WithDbAsync(db => db.DocumentContents.CountAsync(c => db.Documents.Any(d => d.Id == c.DocumentId && d.UserId == user.Id))));
    }
}

public sealed class ParallelUploadTestsOnSqlite(SqliteLimitsFixture fixture) : ParallelUploadTests(fixture.Host), IClassFixture<SqliteLimitsFixture>;

public sealed class ParallelUploadTestsOnPostgreSql(PostgreSqlLimitsFixture fixture) : ParallelUploadTests(fixture.Host), IClassFixture<PostgreSqlLimitsFixture>;
