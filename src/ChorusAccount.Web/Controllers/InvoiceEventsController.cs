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
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    [HttpPost("")]
    [RequestSizeLimit(8 * 1024 * 1024)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> Post([FromBody] JsonElement body, CancellationToken ct)
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
        for (var i = 0; i < elements.Count; i++)
        {
            var prefix = batch ? $"[{i}]" : "";
            InvoiceEventForm? form = null;
            try
            {
                form = elements[i].ValueKind == JsonValueKind.Object ? elements[i].Deserialize<InvoiceEventForm>(_json) : null;
            }
            catch (JsonException)
            {
            }

            if (form is null)
            {
                ModelState.AddModelError(prefix, t["Api.NotAnEvent"]);
                continue;
            }

            foreach (var error in (await validator.ValidateAsync(form, ct)).Errors)
            {
                ModelState.AddModelError(Key(prefix, JsonNamingPolicy.CamelCase.ConvertName(error.PropertyName)), error.ErrorMessage);
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
                ModelState.AddModelError(Key(prefix, "structureIdentifier"), t["Api.UnknownStructure", Core.Structures.StructureIdentifierCodes.ToCode(input.StructureIdentifierType), input.StructureIdentifier]);
            }
            else
            {
                ModelState.AddModelError(Key(prefix, "serviceCode"), t["Api.UnknownService", input.ServiceCode ?? ""]);
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

    private static string Key(string prefix, string field) => prefix.Length == 0 ? field : $"{prefix}.{field}";

    private IActionResult Invalid(string key, string message)
    {
        ModelState.AddModelError(key, message);
        return ValidationProblem(title: t["Api.Invalid"], modelStateDictionary: ModelState);
    }
}

/// <summary>The answer: how many events came, how many were new, how many had been received before.</summary>
public sealed record InvoiceEventsReceipt(int Received, int Recorded, int Duplicates, IReadOnlyList<InvoiceEventReceipt> Events);

public sealed record InvoiceEventReceipt(string EventId, string Outcome);
