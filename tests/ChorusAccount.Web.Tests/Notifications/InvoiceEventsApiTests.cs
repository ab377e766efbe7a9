using System.Net;
using System.Text;
using System.Text.Json;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Web.Tests.Notifications;

/// <summary>POST /api/invoice-events: the API key, every validation rule, one record per event id.</summary>
public abstract class InvoiceEventsApiTests(DigestPortalFixture fixture)
{
    private readonly NotificationWorld _world = new(fixture);

    private Task<int> StoredAsync(params string[] ids) =>
        _world.Host.WithDbAsync(db => db.NotificationEvents.CountAsync(e => e.ExternalId != null && ids.Contains(e.ExternalId)));

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("test-invoice-module-key-0123456789abcdeX")]
    [InlineData("test-invoice-module-key")]
    public async Task Without_the_key_or_with_a_wrong_one_the_answer_is_401_and_nothing_is_recorded(string? key)
    {
        var structure = await _world.StructureAsync();
        var e = NotificationWorld.Event(structure);

        using var response = await _world.PostAsync(e, key);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("X-Api-Key", (await JsonAsync(response)).GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await StoredAsync(e["eventId"]!));
    }

    [Fact]
    public async Task A_signed_in_agent_s_session_is_not_a_key()
    {
        var structure = await _world.StructureAsync();
        var user = await _world.Host.OperatorAsync();
        using var agent = _world.Host.NewAgent();
        await agent.SignInAsync(user.Login);
        var e = NotificationWorld.Event(structure);

        using var response = await agent.NoRedirect.PostAsync("/api/invoice-events", new StringContent(JsonSerializer.Serialize(e), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await StoredAsync(e["eventId"]!));
    }

    public static TheoryData<string, string, string?, string> Invalid() => new()
    {
        { "statusCode", "PAYEE", null, "Statut inconnu : PAYEE. Statuts admis : DEPOSEE, EN_COURS_ACHEMINEMENT" },
        { "statusCode", "", null, "statusCode est obligatoire." },
        { "reason", "REJETEE", null, "Un motif (reason) est obligatoire pour le statut REJETEE." },
        { "reason", "SUSPENDUE", "   ", "Un motif (reason) est obligatoire pour le statut SUSPENDUE." },
        { "side", "BOTH", null, "side doit valoir SENDER (facture émise) ou RECIPIENT (facture reçue)." },
        { "occurredAt", "2026-02-30T10:00:00+01:00", null, "occurredAt doit être une date et heure ISO 8601 avec son décalage horaire" },
        { "occurredAt", "2026-03-02T10:00:00", null, "occurredAt doit être une date et heure ISO 8601 avec son décalage horaire" },
        { "occurredAt", "hier", null, "occurredAt doit être une date et heure ISO 8601 avec son décalage horaire" },
        { "invoiceNumber", new string('9', 101), null, "invoiceNumber dépasse 100 caractères." },
        { "eventId", new string('e', 101), null, "eventId dépasse 100 caractères." },
        { "eventId", "", null, "eventId est obligatoire." },
        { "reason", "REJETEE", new string('r', 1001), "reason dépasse 1000 caractères." },
        { "serviceCode", new string('S', 65), null, "serviceCode dépasse 64 caractères." },
        { "structureIdentifier", "00000000000000", null, "Structure inconnue : SIRET 00000000000000." },
        { "serviceCode", "SERV-INCONNU", null, "Cette structure n'a pas de service SERV-INCONNU." },
        { "structureIdentifierType", "NIR", null, "Type d'identifiant de structure inconnu : NIR." },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task Each_rule_answers_400_naming_the_field_and_nothing_is_recorded(string field, string value, string? reason, string message)
    {
        var structure = await _world.StructureAsync("SERV-A");
        var e = NotificationWorld.Event(structure, reason: reason);
        if (field == "reason")
        {
            e["statusCode"] = value;
        }
        else
        {
            e[field] = value;
        }

        using var response = await _world.PostAsync(e);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), body);
        Assert.Contains(messages.EnumerateArray(), m => m.GetString()!.StartsWith(message, StringComparison.Ordinal));
        Assert.Equal(0, await StoredAsync(e["eventId"] ?? ""));
    }

    [Fact]
    public async Task A_body_that_is_not_an_event_nor_a_list_of_events_is_refused()
    {
        foreach (var body in new object[] { "DEPOSEE", Array.Empty<object>(), new object[] { 12 } })
        {
            using var response = await _world.PostAsync(body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }

    [Fact]
    public async Task The_same_event_id_twice_is_recorded_once_and_another_content_under_it_is_a_conflict()
    {
        var structure = await _world.StructureAsync();
        var e = NotificationWorld.Event(structure, "REJETEE", reason: "Montant erroné");

        using var first = await _world.PostAsync(e);
        using var second = await _world.PostAsync(e);
        e["reason"] = "Autre motif";
        using var changed = await _world.PostAsync(e);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("recorded", (await JsonAsync(first)).GetProperty("events")[0].GetProperty("outcome").GetString());
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var repeat = await JsonAsync(second);
        Assert.Equal((0, 1), (repeat.GetProperty("recorded").GetInt32(), repeat.GetProperty("duplicates").GetInt32()));
        Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
        Assert.Contains(e["eventId"]!, (await JsonAsync(changed)).GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await StoredAsync(e["eventId"]!));
        var stored = await _world.Host.WithDbAsync(db => db.NotificationEvents.AsNoTracking().SingleAsync(x => x.ExternalId == e["eventId"]));
        Assert.Equal(("Montant erroné", InvoiceSide.Recipient, structure.Id, NotificationEventKind.InvoiceStatus), (stored.Reason, stored.InvoiceSide!.Value, stored.StructureId!.Value, stored.Kind));
        Assert.Equal(new DateTime(2026, 3, 2, 8, 30, 0, DateTimeKind.Utc), DateTime.SpecifyKind(stored.OccurredAt, DateTimeKind.Utc));
    }

    [Fact]
    public async Task The_same_event_posted_concurrently_is_recorded_once()
    {
        var structure = await _world.StructureAsync();
        var e = NotificationWorld.Event(structure);
        var others = Enumerable.Range(0, 4).Select(_ => NotificationWorld.Event(structure)).ToList();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => _world.PostAsync(new[] { e, others[i % others.Count] })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, await StoredAsync(e["eventId"]!));
        Assert.Equal(others.Count, await StoredAsync([.. others.Select(o => o["eventId"]!)]));
        var recorded = 0;
        foreach (var response in responses)
        {
            recorded += (await JsonAsync(response)).GetProperty("events").EnumerateArray().Count(x => x.GetProperty("eventId").GetString() == e["eventId"] && x.GetProperty("outcome").GetString() == "recorded");
            response.Dispose();
        }

        Assert.Equal(1, recorded);
    }

    [Fact]
    public async Task A_batch_is_recorded_whole_or_not_at_all()
    {
        var structure = await _world.StructureAsync("SERV-A");
        var good = NotificationWorld.Event(structure, service: "SERV-A");
        var alsoGood = NotificationWorld.Event(structure, "COMPLETEE", side: "SENDER");
        var bad = NotificationWorld.Event(structure, "INCONNU");

        using var refused = await _world.PostAsync(new[] { good, alsoGood, bad });
        var errors = (await JsonAsync(refused)).GetProperty("errors");
        using var accepted = await _world.PostAsync(new[] { good, alsoGood });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True(errors.TryGetProperty("[2].statusCode", out _), errors.ToString());
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var receipt = await JsonAsync(accepted);
        Assert.Equal((2, 2, 0), (receipt.GetProperty("received").GetInt32(), receipt.GetProperty("recorded").GetInt32(), receipt.GetProperty("duplicates").GetInt32()));
        Assert.Equal(2, await StoredAsync(good["eventId"]!, alsoGood["eventId"]!, bad["eventId"]!));
        var service = await _world.Host.WithDbAsync(db => db.NotificationEvents.AsNoTracking().SingleAsync(x => x.ExternalId == good["eventId"]));
        Assert.Equal(structure.Services.Single().Id, service.ServiceUnitId);
    }
}

[Collection(SqliteDigestCollection.Name)]
public sealed class InvoiceEventsApiTestsOnSqlite(SqliteDigestFixture fixture) : InvoiceEventsApiTests(fixture);

[Collection(PostgreSqlDigestCollection.Name)]
public sealed class InvoiceEventsApiTestsOnPostgreSql(PostgreSqlDigestFixture fixture) : InvoiceEventsApiTests(fixture);
