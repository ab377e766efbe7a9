using System.Security.Cryptography;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Documents;
using ChorusAccount.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChorusAccount.Core.Tests.Documents;

public sealed class AddAndDeleteDocumentsTests : IDisposable
{
    private static readonly byte[] _pdf = "%PDF-1.7 contenu"u8.ToArray();
    private readonly SqliteTestDatabase _database = new();
    private readonly FixedTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero));

    public void Dispose() => _database.Dispose();

    private Guid NewUser(string login)
    {
        using var db = _database.CreateContext();
        var user = new User
        {
            Login = login,
            LastName = "DUFOUR",
            FirstName = "Pauline",
            ContactEmail = login + "@mairie-exemple.fr",
            MadrhasEmail = login + "@mairie-exemple.fr",
            Address = new PostalAddress { Country = "FR" },
            CreatedAt = _clock.GetUtcNow().UtcDateTime,
            UpdatedAt = _clock.GetUtcNow().UtcDateTime,
        };
        db.Users.Add(user);
        db.SaveChanges();
        return user.Id;
    }

    private async Task<AddDocumentResult> AddAsync(Guid userId, string name, byte[] content, DocumentsOptions? options = null, long? announced = null)
    {
        await using var db = _database.CreateContext();
        var upload = new DocumentUpload(name, announced ?? content.Length, () => new MemoryStream(content));
        return await new AddDocument(db, _clock, Options.Create(options ?? new DocumentsOptions()))
            .ExecuteAsync(userId, "pdufour", upload, "  Présentation de la mairie ", 3, CancellationToken.None);
    }

    [Fact]
    public async Task An_added_document_keeps_its_safe_name_hash_bytes_and_a_history_line()
    {
        var userId = NewUser("pdufour");

        var result = await AddAsync(userId, "../mairie.pdf", _pdf);

        Assert.Null(result.Refusal);
        await using var db = _database.CreateContext();
        var document = await db.Documents.SingleAsync();
        Assert.Equal((result.DocumentId!.Value, "Présentation de la mairie", "mairie.pdf", "application/pdf", 16L, _clock.GetUtcNow().UtcDateTime),
            (document.Id, document.Designation, document.FileName, document.ContentType, document.Size, document.CreatedAt));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(_pdf)), document.Sha256);
        Assert.Equal(_pdf, (await db.DocumentContents.SingleAsync()).Data);
        var audit = await db.AuditEntries.SingleAsync();
        Assert.Equal((AddDocument.AddedAction, "pdufour"), (audit.Action, audit.Actor));
        Assert.Equal(["Designation:→Présentation de la mairie", "FileName:→mairie.pdf"], audit.Changes.Select(c => $"{c.Field}:{c.OldValue}→{c.NewValue}").ToArray());
    }

    [Fact]
    public async Task The_quota_refuses_the_document_too_many_or_too_big_for_the_account()
    {
        var userId = NewUser("pdufour");
        var otherId = NewUser("autre");
        var options = new DocumentsOptions { MaxDocumentsPerAccount = 2, MaxTotalBytesPerAccount = 40 };

        Assert.Null((await AddAsync(userId, "a.pdf", _pdf, options)).Refusal);
        Assert.Equal(DocumentRefusal.QuotaExceeded, (await AddAsync(userId, "b.pdf", [.. _pdf, .. new byte[9]], options)).Refusal);
        Assert.Null((await AddAsync(userId, "b.pdf", _pdf, options)).Refusal);
        Assert.Equal(DocumentRefusal.TooManyDocuments, (await AddAsync(userId, "c.pdf", _pdf, options)).Refusal);
        Assert.Null((await AddAsync(otherId, "c.pdf", _pdf, options)).Refusal);
    }

    [Fact]
    public async Task A_body_shorter_than_announced_stores_nothing()
    {
        var userId = NewUser("pdufour");

        var result = await AddAsync(userId, "a.pdf", _pdf, announced: _pdf.Length + 10);

        Assert.Equal(DocumentRefusal.Empty, result.Refusal);
        await using var db = _database.CreateContext();
        Assert.False(await db.Documents.AnyAsync());
        Assert.False(await db.AuditEntries.AnyAsync());
    }

    [Fact]
    public async Task Deleting_with_one_id_of_another_user_deletes_nothing()
    {
        var userId = NewUser("pdufour");
        var otherId = NewUser("autre");
        var mine = (await AddAsync(userId, "a.pdf", _pdf)).DocumentId!.Value;
        var theirs = (await AddAsync(otherId, "b.pdf", _pdf)).DocumentId!.Value;

        await using (var db = _database.CreateContext())
        {
            Assert.False(await new DeleteDocuments(db, _clock).ExecuteAsync(userId, "pdufour", [mine, theirs], CancellationToken.None));
        }

        await using (var db = _database.CreateContext())
        {
            Assert.Equal(2, await db.DocumentContents.CountAsync());
            Assert.True(await new DeleteDocuments(db, _clock).ExecuteAsync(userId, "pdufour", [mine], CancellationToken.None));
        }

        await using var after = _database.CreateContext();
        Assert.Equal([theirs], await after.Documents.Select(d => d.Id).ToArrayAsync());
        Assert.Equal([theirs], await after.DocumentContents.Select(c => c.DocumentId).ToArrayAsync());
        Assert.Equal(1, await after.AuditEntries.CountAsync(a => a.Action == DeleteDocuments.DeletedAction && a.UserId == userId));
    }
}
