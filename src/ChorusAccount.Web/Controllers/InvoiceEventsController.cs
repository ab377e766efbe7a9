using System.Text.Json;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Web.Authentication;
using ChorusAccount.Web.Configuration;
using ChorusAccount.Web.Infrastructure;
using ChorusAccount.Web.Localization;
using ChorusAccount.Web.Models;
using ChorusAccount.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ChorusAccount.Web.Controllers;

/// <summary>
/// Invoice lifecycle events from the invoice module, for the daily digest: one event (a JSON object) or several (an
/// array), all recorded or none. Machine to machine: an API key, no session, no antiforgery token.
/// </summary>
[ApiController]
[Route("api/invoice-events")]
[Authorize(Policy = ApiKeyAuthentication.Policy)]
[IgnoreAntiforgeryToken]
[EnableRateLimiting(RateLimits.InvoiceEvents)]
[AllowIncompleteProfile]
[SkipStatusCodePages]
public sealed class InvoiceEventsController(
    RecordInvoiceEvents record, InvoiceEventFormValidator validator, IOptions<NotificationsOptions> options, IStringLocalizer<UiText> t) : ControllerBase
{
    /// <summary>The largest body accepted: far above a full list of events of ordinary size.</summary>
    public const int MaxBodyBytes = 8 * 1024 * 1024;

    [HttpPost("")]
    [RequestSizeLimit(MaxBodyBytes)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> Post(CancellationToken ct)
    {
        if (!InvoiceEventJson.IsJsonContentType(Request.ContentType))
        {
            return Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: t["Api.NotJson"]);
        }

        using var body = new MemoryStream();
        try
        {
            await Request.Body.CopyToAsync(body, ct);
        }
        catch (BadHttpRequestException e)
        {
            // A body cut short is most often a client that closed the connection: Kestrel says so at once and cancels
            // RequestAborted a moment later, from the thread pool. Then the exception handler logs it 499, not a 400.
            if (e.StatusCode != StatusCodes.Status413PayloadTooLarge && await ClientGoneAsync())
            {
                throw;
            }

            // Kestrel's other refusals while reading (too large, broken chunks) are the sender's: its status, not a 500.
            return Problem(statusCode: e.StatusCode, title: e.StatusCode == StatusCodes.Status413PayloadTooLarge ? t["Api.TooLarge", MaxBodyBytes / 1024 / 1024] : t["Api.BadBody"]);
        }

        var json = InvoiceEventJson.WithoutByteOrderMark(body.GetBuffer().AsMemory(0, (int)body.Length));
        if (InvoiceEventJson.IsBlank(json.Span))
        {
            return Invalid("", t["Api.EmptyBody"]);
        }

        if (InvoiceEventJson.InvalidUtf8At(json.Span) is { } at)
        {
            return Invalid("", t["Api.NotUtf8", at]);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return Invalid("", t["Api.MalformedJson", (e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1]);
        }

        using (document)
        {
            return await RecordAsync(document.RootElement, ct);
        }
    }

    private async Task<IActionResult> RecordAsync(JsonElement body, CancellationToken ct)
    {
        var batch = body.ValueKind == JsonValueKind.Array;
        if (!batch && body.ValueKind != JsonValueKind.Object)
        {
            return Invalid("", t["Api.BadBody"]);
        }

        var elements = batch ? body.EnumerateArray().ToList() : [body];
        if (elements.Count == 0)
        {
            return Invalid("", t["Api.BadBody"]);
        }

        if (elements.Count > options.Value.MaxEventsPerRequest)
        {
            return Invalid("", t["Api.TooManyEvents", options.Value.MaxEventsPerRequest]);
        }

        var forms = new List<InvoiceEventForm>(elements.Count);
        // Ids compared as the most lenient engine does (SQL Server's collation ignores case): one event, one id.
        var positions = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < elements.Count; i++)
        {
            var prefix = batch ? $"[{i}]" : "";
            if (InvoiceEventJson.Read(elements[i], prefix, ModelState, t) is not { } form)
            {
                continue;
            }

            var validation = await validator.ValidateAsync(form, ct);
            foreach (var error in validation.Errors)
            {
                ModelState.AddModelError(InvoiceEventJson.Key(prefix, JsonNamingPolicy.CamelCase.ConvertName(error.PropertyName)), error.ErrorMessage);
            }

            if (validation.IsValid && !positions.TryAdd(form.EventId!.Trim(), i))
            {
                ModelState.AddModelError(InvoiceEventJson.Key(prefix, "eventId"), t["Api.DuplicateEventId", form.EventId.Trim(), positions[form.EventId.Trim()]]);
            }

            forms.Add(form);
        }

        if (!ModelState.IsValid)
        {
            return ValidationProblem(title: t["Api.Invalid"], modelStateDictionary: ModelState);
        }

        var inputs = forms.Select(f => f.ToInput()).ToList();
        var result = await record.ExecuteAsync(inputs, ct);
        foreach (var problem in result.Problems)
        {
            var input = inputs[problem.Index];
            var prefix = batch ? $"[{problem.Index}]" : "";
            if (problem.Refusal == InvoiceEventRefusal.UnknownStructure)
            {
                ModelState.AddModelError(InvoiceEventJson.Key(prefix, "structureIdentifier"), t["Api.UnknownStructure", Core.Structures.StructureIdentifierCodes.ToCode(input.StructureIdentifierType), input.StructureIdentifier]);
            }
            else
            {
                ModelState.AddModelError(InvoiceEventJson.Key(prefix, "serviceCode"), t["Api.UnknownService", input.ServiceCode ?? ""]);
            }
        }

        if (!ModelState.IsValid)
        {
            return ValidationProblem(title: t["Api.Invalid"], modelStateDictionary: ModelState);
        }

        if (result.Conflicts.Count > 0)
        {
            return Problem(statusCode: StatusCodes.Status409Conflict, title: t["Api.Conflict", string.Join(", ", result.Conflicts)]);
        }

        return Ok(new InvoiceEventsReceipt(
            result.Outcomes.Count,
            result.Outcomes.Count(o => o.Recorded),
            result.Outcomes.Count(o => !o.Recorded),
            [.. result.Outcomes.Select(o => new InvoiceEventReceipt(o.EventId, o.Recorded ? "recorded" : "duplicate"))]));
    }

    private async Task<bool> ClientGoneAsync()
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1), HttpContext.RequestAborted);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    private IActionResult Invalid(string key, string message)
    {
        ModelState.AddModelError(key, message);
        return ValidationProblem(title: t["Api.Invalid"], modelStateDictionary: ModelState);
    }
}

/// <summary>The answer: how many events came, how many were new, how many had been received before.</summary>
public sealed record InvoiceEventsReceipt(int Received, int Recorded, int Duplicates, IReadOnlyList<InvoiceEventReceipt> Events);

public sealed record InvoiceEventReceipt(string EventId, string Outcome);
