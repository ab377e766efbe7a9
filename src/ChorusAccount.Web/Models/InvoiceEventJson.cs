using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using ChorusAccount.Web.Localization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using Microsoft.Net.Http.Headers;

namespace ChorusAccount.Web.Models;

/// <summary>
/// The body of POST /api/invoice-events read by hand rather than by the model binder, so that every fault gets its own
/// French message naming the field: not JSON or not UTF-8, a value that is not a string, a property given twice, text
/// that is not valid Unicode.
/// </summary>
public static class InvoiceEventJson
{
    // The fields by their JSON names, matched regardless of case as the web's JSON conventions do.
    private static readonly Dictionary<string, (string Name, Action<InvoiceEventForm, string?> Set)> _fields = new[]
    {
        ("eventId", (Action<InvoiceEventForm, string?>)((f, v) => f.EventId = v)),
        ("invoiceNumber", (f, v) => f.InvoiceNumber = v),
        ("side", (f, v) => f.Side = v),
        ("structureIdentifier", (f, v) => f.StructureIdentifier = v),
        ("structureIdentifierType", (f, v) => f.StructureIdentifierType = v),
        ("serviceCode", (f, v) => f.ServiceCode = v),
        ("statusCode", (f, v) => f.StatusCode = v),
        ("occurredAt", (f, v) => f.OccurredAt = v),
        ("reason", (f, v) => f.Reason = v),
    }.ToDictionary(f => f.Item1, f => (f.Item1, f.Item2), StringComparer.OrdinalIgnoreCase);

    /// <summary>application/json (or a +json type), in UTF-8: the only charset the reader decodes.</summary>
    public static bool IsJsonContentType(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type)
        && (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase))
        && (!type.Charset.HasValue || type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || type.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase));

    public static ReadOnlyMemory<byte> WithoutByteOrderMark(ReadOnlyMemory<byte> body) =>
        body.Span.StartsWith("\uFEFF"u8) ? body[3..] : body;

    /// <summary>The position (from 1) of the first byte that is not UTF-8, or null: the JSON reader only decodes a string
    /// when it is read, and would take a bad byte for a bad value.</summary>
    public static long? InvalidUtf8At(ReadOnlySpan<byte> body)
    {
        if (Utf8.IsValid(body))
        {
            return null;
        }

        var position = 0;
        while (Rune.DecodeFromUtf8(body[position..], out _, out var used) == OperationStatus.Done)
        {
            position += used;
        }

        return position + 1;
    }

    /// <summary>True when the body holds nothing but JSON whitespace.</summary>
    public static bool IsBlank(ReadOnlySpan<byte> body) => body.TrimStart(" \t\r\n"u8).IsEmpty;

    /// <summary>The key of a field's errors: the field's name, after the event's position in a list (<c>[2].statusCode</c>).</summary>
    public static string Key(string prefix, string field) => prefix.Length == 0 ? field : $"{prefix}.{field}";

    /// <summary>One event of the body as a form, or null with its faults in <paramref name="errors"/>. Unknown properties are ignored.</summary>
    public static InvoiceEventForm? Read(JsonElement element, string prefix, ModelStateDictionary errors, IStringLocalizer<UiText> t)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.AddModelError(prefix, t["Api.NotAnEvent"]);
            return null;
        }

        var form = new InvoiceEventForm();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var valid = true;
        foreach (var property in element.EnumerateObject())
        {
            if (!_fields.TryGetValue(property.Name, out var field))
            {
                continue;
            }

            var key = Key(prefix, field.Name);
            string? fault = null;
            if (!seen.Add(field.Name))
            {
                // Which of two values would count depends on the parser: neither does.
                fault = t["Api.DuplicateProperty", field.Name];
            }
            else if (property.Value.ValueKind == JsonValueKind.String)
            {
                try
                {
                    field.Set(form, property.Value.GetString());
                }
                catch (InvalidOperationException)
                {
                    // An escaped half of a surrogate pair (\ud800): JSON allows it, Unicode text cannot hold it.
                    fault = t["Api.InvalidUnicode", field.Name];
                }
            }
            else if (property.Value.ValueKind != JsonValueKind.Null)
            {
                fault = t["Api.NotAString", field.Name];
            }

            if (fault is not null)
            {
                errors.AddModelError(key, fault);
                valid = false;
            }
        }

        return valid ? form : null;
    }
}
