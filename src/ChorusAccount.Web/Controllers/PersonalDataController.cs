using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Web.Authentication;
using ChorusAccount.Web.Documents;
using ChorusAccount.Web.Localization;
using ChorusAccount.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace ChorusAccount.Web.Controllers;

/// <summary>« Télécharger mes données » in « Mon compte »: a ZIP with the JSON of everything the portal holds about the
/// signed-in user, and its documents.</summary>
[Route("mon-compte/mes-donnees")]
public sealed class PersonalDataController(ExportPersonalData export, IStringLocalizer<UiText> t) : Controller
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Converters = { new JsonStringEnumConverter() },
    };

    [HttpGet("")]
    [EnableRateLimiting(RateLimits.PersonalDataExport)]
    public async Task<IActionResult> Download(CancellationToken ct)
    {
        var userId = User.GetUserId();
        var data = await export.ExecuteAsync(userId, ct);
        if (data is null)
        {
            return NotFound();
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(data, _json);
        return new DocumentZipResult(userId, [.. data.Documents.Select(d => (d.Id, d.ZipEntry))], t["Account.Export.ZipName"], (ExportPersonalData.JsonEntry, json));
    }
}
