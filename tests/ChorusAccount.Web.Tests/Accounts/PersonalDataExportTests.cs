using System.IO.Compression;
using System.Net;
using System.Text.Json;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Core.Structures;
using ChorusAccount.Core.Subscriptions;
using ChorusAccount.Web.Tests.Documents;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Web.Tests.Accounts;

/// <summary>« Télécharger mes données »: a ZIP whose JSON holds every item the user created, and whose entries are its documents.</summary>
public abstract class PersonalDataExportTests(PortalHost host)
{
    [Fact]
    public async Task The_export_holds_every_item_the_user_created_and_nothing_of_another_user()
    {
        var structure = await StructureAsync();
        var user = await host.CreateUserAsync();
        using var agent = host.NewAgent();
        await agent.SignInAsync(user.Login);
        // Profile and parameters, through « Mon compte ».
        var account = await agent.GetAsync("/mon-compte");
        Assert.True((await agent.SubmitAsync(account.Form("/mon-compte").Set("Form.City", "Vierzon").Set("Form.PostalCode", "18100")
            .Remove("Form.ReceiveNotifications").Set("Form.ReceiveNotifications", "false"))).Contains("Vos modifications ont été enregistrées."));
        // Two documents of the same name, and a membership request, through their forms.
        byte[] second = [.. DocumentUploads.Pdf, .. "% deuxième\n"u8.ToArray()];
        Assert.True((await agent.UploadAsync("devis.pdf", DocumentUploads.Pdf, "Devis « été »")).Contains("La pièce jointe a été ajoutée."));
        Assert.True((await agent.UploadAsync("devis.pdf", second, "Devis bis")).Contains("La pièce jointe a été ajoutée."));
        var request = (await agent.GetAsync($"/mon-compte/rattachements/nouvelle?structureId={structure.Id}"))
            .Form("/mon-compte/rattachements/nouvelle").Set("Request.StartDate", "2026-04-01").Add("Request.ServiceIds", structure.Services[0].Id.ToString());
        Assert.True((await agent.SubmitAsync(request)).Contains("Votre demande de rattachement a été envoyée"));
        // A subscription and a digest event, as the Subscription and NotificationEvent tables hold them today.
        await host.WithDbAsync(async db =>
        {
            db.Subscriptions.Add(new Subscription { UserId = user.Id, StructureId = structure.Id, SpaceId = 7, Mode = SubscriptionMode.Modification, RequestedAt = DateTime.UtcNow });
            db.NotificationEvents.Add(new NotificationEvent { Kind = NotificationEventKind.RequestDecision, RecipientUserId = user.Id, StatusCode = "REFUSE", Reason = "Hors périmètre", OccurredAt = DateTime.UtcNow, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        });
        await OtherUsersDocumentAsync();

        Assert.True((await agent.GetAsync("/mon-compte")).Contains("Télécharger mes données"));
        using var response = await agent.NoRedirect.GetAsync("/mon-compte/mes-donnees");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("mes-donnees-chorus-pro.zip", response.Content.Headers.ContentDisposition.FileNameStar);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        Assert.Equal(["mes-donnees.json", "pieces-jointes/devis (2).pdf", "pieces-jointes/devis.pdf"], zip.Entries.Select(e => e.FullName).Order().ToArray());
        using var json = JsonDocument.Parse(Read(zip, "mes-donnees.json"));
        var root = json.RootElement;

        var profile = root.GetProperty("profile");
        Assert.Equal((user.Login, "Vierzon", "18100"), (profile.GetProperty("login").GetString(), profile.GetProperty("address").GetProperty("city").GetString(), profile.GetProperty("address").GetProperty("postalCode").GetString()));
        Assert.False(root.GetProperty("notificationSettings").GetProperty("receiveNotifications").GetBoolean());
        Assert.Equal("French", root.GetProperty("notificationSettings").GetProperty("language").GetString());

        var documents = root.GetProperty("documents").EnumerateArray().ToList();
        Assert.Equal(["Devis bis", "Devis « été »"], documents.Select(d => d.GetProperty("designation").GetString()!).Order(StringComparer.Ordinal).ToArray());
        foreach (var document in documents)
        {
            var bytes = Read(zip, document.GetProperty("zipEntry").GetString()!);
            Assert.Equal(document.GetProperty("designation").GetString() == "Devis bis" ? second : DocumentUploads.Pdf, bytes);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), document.GetProperty("sha256").GetString());
        }

        var membership = Assert.Single(root.GetProperty("memberships").EnumerateArray());
        Assert.Equal((structure.CompanyName, "Pending", "Portal"), (membership.GetProperty("structure").GetString(), membership.GetProperty("status").GetString(), membership.GetProperty("origin").GetString()));
        Assert.Equal(structure.Services[0].Code, Assert.Single(membership.GetProperty("services").EnumerateArray()).GetProperty("code").GetString());

        var subscription = Assert.Single(root.GetProperty("subscriptions").EnumerateArray());
        Assert.Equal(("FACTURES_TRAVAUX", "Modification", "Pending"), (subscription.GetProperty("spaceCode").GetString(), subscription.GetProperty("mode").GetString(), subscription.GetProperty("status").GetString()));

        var actions = root.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()).ToList();
        Assert.Contains(Core.Accounts.UpdateProfile.UpdatedAction, actions);
        Assert.Equal(2, actions.Count(a => a == Core.Documents.AddDocument.AddedAction));
        Assert.Contains(root.GetProperty("history").EnumerateArray(), h => h.GetProperty("changes").EnumerateArray().Any(c => c.GetProperty("newValue").GetString() == "Vierzon"));

        var notification = Assert.Single(root.GetProperty("notificationEvents").EnumerateArray());
        Assert.Equal("Hors périmètre", notification.GetProperty("reason").GetString());

        var text = System.Text.Encoding.UTF8.GetString(Read(zip, "mes-donnees.json"));
        Assert.Contains("Devis « été »", text);
        Assert.DoesNotContain("Secret d'un autre", text);
        Assert.DoesNotContain("securityStamp", text, StringComparison.OrdinalIgnoreCase);
        // The session the export was asked from, as « Mes sessions » keeps it: its address shortened.
        Assert.Equal("127.0.0.x", Assert.Single(root.GetProperty("sessions").EnumerateArray()).GetProperty("clientAddress").GetString());
    }

    [Fact]
    public async Task A_user_with_nothing_yet_gets_a_JSON_with_empty_lists()
    {
        var user = await host.CreateUserAsync();
        using var agent = host.NewAgent();
        await agent.SignInAsync(user.Login);

        using var response = await agent.NoRedirect.GetAsync("/mon-compte/mes-donnees");

        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        using var json = JsonDocument.Parse(Read(zip, "mes-donnees.json"));
        Assert.Equal(user.Login, json.RootElement.GetProperty("profile").GetProperty("login").GetString());
        foreach (var list in new[] { "memberships", "subscriptions", "documents", "history", "notificationEvents", "madrhasRejectedRecords" })
        {
            Assert.Equal(0, json.RootElement.GetProperty(list).GetArrayLength());
        }
    }

    private async Task OtherUsersDocumentAsync()
    {
        var other = await host.CreateUserAsync();
        using var agent = host.NewAgent();
        await agent.SignInAsync(other.Login);
        Assert.True((await agent.UploadAsync("autre.pdf", DocumentUploads.Pdf, "Secret d'un autre")).Contains("La pièce jointe a été ajoutée."));
    }

    private async Task<Structure> StructureAsync()
    {
        var structure = await host.WithDbAsync(db => db.Structures.AsNoTracking().Include(s => s.Services)
            .Where(s => s.Services.Count > 0).OrderBy(s => s.Identifier).FirstAsync());
        structure.Services.Sort((a, b) => string.CompareOrdinal(a.Code, b.Code));
        return structure;
    }

    private static byte[] Read(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PersonalDataExportTestsOnSqlite(SqlitePortalFixture fixture) : PersonalDataExportTests(fixture.Host);

[Collection(PostgreSqlCollection.Name)]
public sealed class PersonalDataExportTestsOnPostgreSql(PostgreSqlPortalFixture fixture) : PersonalDataExportTests(fixture.Host);
