using ChorusAccount.Core.Structures;
using ChorusAccount.Web.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace ChorusAccount.Web.Controllers;

/// <summary>The fiche structure, read-only, for users attached to the whole structure and its managers.</summary>
[Route("structures")]
public sealed class StructuresController(GetStructureCard cards) : Controller
{
    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Card(Guid id, CancellationToken ct) =>
        await cards.ExecuteAsync(User.GetUserId(), id, ct) is { } card ? View(card) : NotFound();
}
