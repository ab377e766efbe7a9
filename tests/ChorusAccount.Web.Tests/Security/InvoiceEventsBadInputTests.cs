using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChorusAccount.Core.Structures;
using ChorusAccount.Web.Controllers;
using ChorusAccount.Web.Tests.Infrastructure;
using ChorusAccount.Web.Tests.Notifications;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Web.Tests.Security;

/// <summary>POST /api/invoice-events with hostile bodies: each answered 4xx with a message naming what is wrong (never a
/// 500), and not one NotificationEvents row written.</summary>
public abstract class InvoiceEventsBadInputTests(DigestPortalFixture fixture)
{
    private static readonly string[] _textFields = ["eventId", "invoiceNumber", "structureIdentifier", "serviceCode", "reason"];
    private static readonly string[] _allFields = [.. _textFields, "side", "structureIdentifierType", "statusCode", "occurredAt"];
    private readonly NotificationWorld _world = new(fixture);

    /// <summary>One hostile request and what it must get: the status, and the message's start in <c>errors[Field]</c>, or
    /// in the title when <see cref="Field"/> is null.</summary>
    private sealed record Case(string Label, Func<HttpContent> Content, HttpStatusCode Status, string? Field, string Message, bool ExpectContinue = false);

    private Task<int> RowsAsync() => _world.Host.WithDbAsync(db => db.NotificationEvents.CountAsync());

    private static HttpContent Json(string text) => new StringContent(text, Encoding.UTF8, "application/json");

    private static HttpContent Bytes(byte[] bytes, string? contentType)
    {
        var content = new ByteArrayContent(bytes);
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return content;
    }

    private static JsonObject Event(Structure structure) =>
        JsonSerializer.SerializeToNode(NotificationWorld.Event(structure, service: "SERV-A"))!.AsObject();

    private static string With(Structure structure, string field, JsonNode? value)
    {
        var e = Event(structure);
        e[field] = value;
        return e.ToJsonString();
    }

    // JSON text as it is written, for what a serializer would not write (an escaped half of a surrogate pair).
    private static string WithRaw(Structure structure, string field, string rawJsonString) =>
        With(structure, field, "@@RAW@@").Replace("\"@@RAW@@\"", rawJsonString, StringComparison.Ordinal);

    private static IEnumerable<Case> Cases(Structure structure)
    {
        var valid = Event(structure).ToJsonString();

        // The body: not JSON, not UTF-8, empty, too deep, too large, of another type.
        yield return new("cut JSON", () => Json("{\"eventId\": \"x\","), HttpStatusCode.BadRequest, "", "Le corps n'est pas du JSON valide (ligne 1, octet");
        yield return new("not JSON at all", () => Json("DEPOSEE pour F-1"), HttpStatusCode.BadRequest, "", "Le corps n'est pas du JSON valide");
        yield return new("two JSON documents", () => Json(valid + valid), HttpStatusCode.BadRequest, "", "Le corps n'est pas du JSON valide");
        yield return new("a trailing comma", () => Json(valid[..^1] + ",}"), HttpStatusCode.BadRequest, "", "Le corps n'est pas du JSON valide");
        yield return new("a comment", () => Json("/* lot 1 */" + valid), HttpStatusCode.BadRequest, "", "Le corps n'est pas du JSON valide");
        yield return new("single quotes", () => Json("{'eventId': 'x'}"), HttpStatusCode.BadRequest, "", "Le corps n'est pas du JSON valide");
        yield return new("invalid UTF-8", () => Bytes([.. "{\"eventId\":\""u8, 0xFF, 0xFE, 0xED, 0xA0, 0x80, .. "\"}"u8], "application/json"), HttpStatusCode.BadRequest, "", "Le corps n'est pas de l'UTF-8 valide (octet 13)");
        yield return new("100,000 nested arrays", () => Json(new string('[', 100_000)), HttpStatusCode.BadRequest, "", "Le corps n'est pas du JSON valide");
        yield return new("an empty body", () => Bytes([], "application/json"), HttpStatusCode.BadRequest, "", "Le corps de la requête est vide");
        yield return new("only whitespace", () => Json(" \r\n\t "), HttpStatusCode.BadRequest, "", "Le corps de la requête est vide");
        yield return new("null", () => Json("null"), HttpStatusCode.BadRequest, "", "Le corps doit être un événement (objet JSON) ou une liste");
        yield return new("a string", () => Json("\"DEPOSEE\""), HttpStatusCode.BadRequest, "", "Le corps doit être un événement");
        yield return new("a number", () => Json("12"), HttpStatusCode.BadRequest, "", "Le corps doit être un événement");
        yield return new("an empty list", () => Json("[]"), HttpStatusCode.BadRequest, "", "Le corps doit être un événement");
        yield return new("null in a list", () => Json($"[{valid}, null]"), HttpStatusCode.BadRequest, "[1]", "Un événement est un objet JSON");
        yield return new("a list in a list", () => Json($"[[{valid}]]"), HttpStatusCode.BadRequest, "[0]", "Un événement est un objet JSON");
        yield return new("an empty object", () => Json("{}"), HttpStatusCode.BadRequest, "eventId", "eventId est obligatoire.");
        yield return new("text/plain", () => new StringContent(valid, Encoding.UTF8, "text/plain"), HttpStatusCode.UnsupportedMediaType, null, "Le corps doit être du JSON en UTF-8");
        yield return new("a form", () => new FormUrlEncodedContent([new("eventId", "x")]), HttpStatusCode.UnsupportedMediaType, null, "Le corps doit être du JSON en UTF-8");
        yield return new("multipart", () => new MultipartFormDataContent { { new StringContent(valid), "event" } }, HttpStatusCode.UnsupportedMediaType, null, "Le corps doit être du JSON");
        yield return new("XML", () => new StringContent("<event/>", Encoding.UTF8, "application/xml"), HttpStatusCode.UnsupportedMediaType, null, "Le corps doit être du JSON");
        yield return new("no Content-Type", () => Bytes(Encoding.UTF8.GetBytes(valid), null), HttpStatusCode.UnsupportedMediaType, null, "Le corps doit être du JSON");
        yield return new("UTF-16", () => new StringContent(valid, Encoding.Unicode, "application/json"), HttpStatusCode.UnsupportedMediaType, null, "Le corps doit être du JSON en UTF-8");
        yield return new("over 8 MB", () => Json("[" + string.Join(',', Enumerable.Repeat(valid, InvoiceEventsController.MaxBodyBytes / valid.Length + 1)) + "]"),
            HttpStatusCode.RequestEntityTooLarge, null, "Le corps dépasse 8 Mo", ExpectContinue: true);
        yield return new("1,001 events", () => Json("[" + string.Join(',', Enumerable.Range(0, 1_001).Select(i => With(structure, "eventId", $"evt-{Guid.NewGuid():N}"))) + "]"),
            HttpStatusCode.BadRequest, "", "Au plus 1000 événements par requête.");

        // Values of the wrong type, a property twice.
        foreach (var field in _allFields)
        {
            foreach (var (kind, value) in new (string, Func<JsonNode?>)[] { ("a number", () => 12), ("a boolean", () => true), ("an object", () => new JsonObject { ["value"] = "x" }), ("a list", () => new JsonArray("x")) })
            {
                yield return new($"{field}: {kind}", () => Json(With(structure, field, value())), HttpStatusCode.BadRequest, field, $"{field} doit être une chaîne de caractères.");
            }

            yield return new($"{field} twice", () => Json(With(structure, field, "x")[..^1] + $",\"{field.ToUpperInvariant()}\":\"x\"}}"), HttpStatusCode.BadRequest, field, $"{field} figure deux fois dans cet événement.");
        }

        yield return new("a number in a list", () => Json($"[{valid}, {With(structure, "statusCode", 3)}]"), HttpStatusCode.BadRequest, "[1].statusCode", "statusCode doit être une chaîne de caractères.");

        // Oversized values.
        foreach (var (field, limit) in new[] { ("eventId", 100), ("invoiceNumber", 100), ("structureIdentifier", 32), ("serviceCode", 64), ("reason", 1000) })
        {
            yield return new($"{field}: 100,000 characters", () => Json(With(structure, field, new string('é', 100_000))), HttpStatusCode.BadRequest, field, $"{field} dépasse {limit} caractères.");
        }

        yield return new("side: 100,000 characters", () => Json(With(structure, "side", new string('S', 100_000))), HttpStatusCode.BadRequest, "side", "side doit valoir SENDER");
        yield return new("statusCode: 100,000 characters", () => Json(With(structure, "statusCode", new string('D', 100_000))), HttpStatusCode.BadRequest, "statusCode", "Statut inconnu");

        // Control, invisible and text-direction characters; text that is not Unicode.
        foreach (var field in _textFields)
        {
            var singleLine = field != "reason";
            foreach (var (label, value, code) in new[]
            {
                ("NUL", "F\u00001", "0000"),
                ("an escape sequence", "\u001b[31mF-1", "001B"),
                ("DEL", "F\u007F1", "007F"),
                ("a C1 control", "F\u00851", "0085"),
                ("a bidi override", "FAC-\u202E1234", "202E"),
                ("a bidi isolate", "\u2067FAC-1", "2067"),
                ("a right-to-left mark", "FAC\u200F-1", "200F"),
            })
            {
                yield return new($"{field}: {label}", () => Json(With(structure, field, value)), HttpStatusCode.BadRequest, field, $"{field} contient un caractère interdit (U+{code})");
            }

            if (singleLine)
            {
                yield return new($"{field}: a line break", () => Json(With(structure, field, "F-1\r\nBcc: x@y.fr")), HttpStatusCode.BadRequest, field, $"{field} contient un caractère interdit (U+000D)");
                yield return new($"{field}: a zero-width space", () => Json(With(structure, field, "FAC\u200B1")), HttpStatusCode.BadRequest, field, $"{field} contient un caractère interdit (U+200B)");
                yield return new($"{field}: a line separator", () => Json(With(structure, field, "FAC\u20281")), HttpStatusCode.BadRequest, field, $"{field} contient un caractère interdit (U+2028)");
            }

            yield return new($"{field}: half a surrogate pair", () => Json(WithRaw(structure, field, "\"F\\ud800-1\"")), HttpStatusCode.BadRequest, field, $"{field} contient une demi-paire de substitution");
            yield return new($"{field}: the other half alone", () => Json(WithRaw(structure, field, "\"\\udc00\"")), HttpStatusCode.BadRequest, field, $"{field} contient une demi-paire de substitution");
        }

        yield return new("occurredAt: NUL after the date", () => Json(With(structure, "occurredAt", "2026-03-02T09:30:00+01:00\u0000")), HttpStatusCode.BadRequest, "occurredAt", "occurredAt contient un caractère interdit (U+0000)");
        yield return new("side: a bidi override", () => Json(With(structure, "side", "\u202ESENDER")), HttpStatusCode.BadRequest, "side", "side contient un caractère interdit (U+202E)");

        // Dates out of range or not dates.
        foreach (var date in new[] { "0001-01-01T00:00:00Z", "1999-12-31T23:59:59Z", "9999-12-31T23:59:59Z", DateTimeOffset.UtcNow.AddDays(2).ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture) })
        {
            yield return new($"occurredAt {date}", () => Json(With(structure, "occurredAt", date)), HttpStatusCode.BadRequest, "occurredAt", "occurredAt doit être postérieure au 1er janvier 2000");
        }

        foreach (var date in new[] { "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-14:00", "2026-03-02T09:30:00+15:00", "2026-06-30T23:59:60Z", "+002026-03-02T09:30:00Z", "2026-13-01T00:00:00Z", "1740000000" })
        {
            yield return new($"occurredAt {date}", () => Json(With(structure, "occurredAt", date)), HttpStatusCode.BadRequest, "occurredAt", "occurredAt doit être une date et heure ISO 8601");
        }

        // The same id twice in one list: as it is, with spaces around it, in other letters, with another content.
        var twice = Event(structure);
        var id = twice["eventId"]!.GetValue<string>();
        var spaced = Event(structure);
        spaced["eventId"] = $"  {id} ";
        var upper = Event(structure);
        upper["eventId"] = id.ToUpperInvariant();
        var other = Event(structure);
        other["eventId"] = id;
        other["statusCode"] = "MANDATEE";
        foreach (var (label, second) in new[] { ("as it is", twice), ("with spaces", spaced), ("in capitals", upper), ("with another content", other) })
        {
            yield return new($"the same id twice in a list, {label}", () => Json($"[{twice.ToJsonString()}, {Event(structure).ToJsonString()}, {second.ToJsonString()}]"),
                HttpStatusCode.BadRequest, "[2].eventId", $"L'identifiant d'événement {second["eventId"]!.GetValue<string>().Trim()} figure déjà à la position [0] de cette liste");
        }
    }

    [Fact]
    public async Task Hostile_bodies_get_a_4xx_naming_the_fault_and_record_nothing()
    {
        var structure = await _world.StructureAsync("SERV-A");
        var failures = new List<string>();
        var count = 0;
        foreach (var c in Cases(structure))
        {
            count++;
            var before = await RowsAsync();
            using var response = await _world.PostRawAsync(c.Content(), expectContinue: c.ExpectContinue);
            var body = await response.Content.ReadAsStringAsync();
            var after = await RowsAsync();
            var excerpt = body.Length > 400 ? body[..400] + "…" : body;
            if (response.StatusCode != c.Status || after != before)
            {
                failures.Add($"{c.Label}: {(int)response.StatusCode}, {after - before} row(s) written — {excerpt}");
                continue;
            }

            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{c.Label}: answered {response.Content.Headers.ContentType} — {excerpt}");
                continue;
            }

            var problem = JsonDocument.Parse(body).RootElement;
            var messages = c.Field is null
                ? [problem.GetProperty("title").GetString()!]
                : problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(c.Field, out var field)
                    ? field.EnumerateArray().Select(m => m.GetString()!).ToList()
                    : [];
            if (!messages.Any(m => m.StartsWith(c.Message, StringComparison.Ordinal)))
            {
                failures.Add($"{c.Label}: no message « {c.Message}… » for « {c.Field ?? "title"} » — {excerpt}");
            }
        }

        Assert.True(count > 150, $"only {count} cases");
        Assert.True(failures.Count == 0, $"{failures.Count} of {count} cases failed:\n" + string.Join('\n', failures));
    }

    [Fact]
    public async Task Unicode_text_line_breaks_in_a_reason_and_the_oldest_and_newest_dates_are_recorded_as_sent()
    {
        var structure = await _world.StructureAsync("SERV-A");
        var e = NotificationWorld.Event(structure, "REJETEE", service: "SERV-A", invoice: "FAC-2026/été-№42-日本-😀",
            reason: "Montant erroné :\r\n\tligne 2 — مرحبا ✓ 👍🏽 famille 👩\u200D👩\u200D👧", occurredAt: "2000-01-01T00:00:00Z");
        var tomorrow = NotificationWorld.Event(structure, occurredAt: DateTimeOffset.UtcNow.AddHours(23).ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture));

        using var response = await _world.PostAsync(new[] { e, tomorrow });

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var stored = await _world.Host.WithDbAsync(db => db.NotificationEvents.AsNoTracking().SingleAsync(x => x.ExternalId == e["eventId"]));
        Assert.Equal((e["invoiceNumber"], e["reason"]), (stored.InvoiceNumber, stored.Reason));
        Assert.Equal(1, await _world.Host.WithDbAsync(db => db.NotificationEvents.CountAsync(x => x.ExternalId == tomorrow["eventId"])));
    }
}

[Collection(SqliteDigestCollection.Name)]
public sealed class InvoiceEventsBadInputTestsOnSqlite(SqliteDigestFixture fixture) : InvoiceEventsBadInputTests(fixture);

[Collection(PostgreSqlDigestCollection.Name)]
public sealed class InvoiceEventsBadInputTestsOnPostgreSql(PostgreSqlDigestFixture fixture) : InvoiceEventsBadInputTests(fixture);
