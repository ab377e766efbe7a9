using System.Globalization;
using System.Text;
using ChorusAccount.Core.Madrhas;
using ChorusAccount.Web.Authentication;
using ChorusAccount.Web.Jobs;
using ChorusAccount.Web.Localization;
using ChorusAccount.Web.Models;
using ChorusAccount.Web.Security;
using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using nietras.SeparatedValues;

namespace ChorusAccount.Web.Controllers;

/// <summary>The MADRHAS imports, for operators: the runs, their rejected lines, and « Lancer l'import ».</summary>
[Route("ops/imports")]
[Authorize(Policy = OperatorPolicy.Name)]
public sealed class ImportsController(GetImportRuns runs, MadrhasImportJob job, IBackgroundJobClient jobs, IStringLocalizer<UiText> t) : Controller
{
    public const string NoticeKey = "ImportNotice";
    private const int ShownRejectedRecords = 500;

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View(new ImportsPage(await runs.ListAsync(ct), await runs.RunningAsync(ct), job.DropFolder, MadrhasImportJob.NewestExtract(job.DropFolder) is not null));

    [HttpPost("lancer")]
    public async Task<IActionResult> Launch(CancellationToken ct)
    {
        string outcome;
        if (await runs.RunningAsync(ct) is not null)
        {
            TempData[NoticeKey] = "Imports.AlreadyRunning";
            outcome = "AlreadyRunning";
        }
        else if (MadrhasImportJob.NewestExtract(job.DropFolder) is null)
        {
            TempData[NoticeKey] = "Imports.NoExtract";
            outcome = "NoExtract";
        }
        else
        {
            jobs.Enqueue<MadrhasImportJob>(j => j.RunAsync(CancellationToken.None));
            TempData["Success"] = "Imports.Launched";
            outcome = "Launched";
        }

        SecurityEvents.LogImportLaunched(HttpContext, outcome);
        return RedirectToAction(nameof(Index));
    }

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Details(Guid id, CancellationToken ct)
    {
        var run = await runs.FindAsync(id, ct);
        return run is null ? NotFound() : View(new ImportRunPage(run, await runs.RejectedRecordsAsync(id, ShownRejectedRecords, ct), ShownRejectedRecords));
    }

    [HttpGet("{id:guid}/lignes-rejetees.csv")]
    public async Task<IActionResult> RejectedRecords(Guid id, CancellationToken ct)
    {
        var run = await runs.FindAsync(id, ct);
        if (run is null)
        {
            return NotFound();
        }

        string[] columns = [t["Imports.Line"].Value, t["Imports.Login"].Value, t["Imports.Reason"].Value];
        var csv = new StringBuilder();
        // RFC 4180: a field is quoted when it holds the separator, a quote or a line break; lines end with CRLF.
        using (var writer = (Sep.New(';').Writer() with { Escape = true }).To(new StringWriter(csv, CultureInfo.InvariantCulture) { NewLine = "\r\n" }))
        {
            writer.Header.Add(columns);
            writer.Header.Write();
            foreach (var rejected in await runs.RejectedRecordsAsync(id, take: null, ct))
            {
                using var row = writer.NewRow();
                row[columns[0]].Format(rejected.LineNumber);
                row[columns[1]].Set(NotAFormula(rejected.Login));
                row[columns[2]].Set(NotAFormula(rejected.Reason));
            }
        }

        // With a BOM, spreadsheet software reads the accents right.
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray();
        return File(bytes, "text/csv; charset=utf-8", $"lignes-rejetees-{Path.GetFileNameWithoutExtension(run.FileName)}-{run.StartedAt:yyyyMMdd-HHmmss}.csv");
    }

    // A leading apostrophe, so that a spreadsheet never runs a value as a formula.
    private static string NotAFormula(string? value) =>
        value is ['=' or '+' or '-' or '@' or '\t' or '\r', ..] ? "'" + value : value ?? "";
}
