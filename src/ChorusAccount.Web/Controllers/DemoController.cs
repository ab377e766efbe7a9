using ChorusAccount.Core.Subscriptions;
using ChorusAccount.Web.Configuration;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace ChorusAccount.Web.Controllers;

/// <summary>
/// The demo's stand-in for the invoice module: the page a space's tile opens in the demo (`Spaces:Urls` of
/// appsettings.Development.json), naming the module that would open. It exists only when the demo data are loaded
/// (`Database:LoadDemoData`, refused outside Development by <see cref="Security.DeploymentSafety"/>): otherwise
/// <see cref="DemoPages"/> removes the controller and the address is not found.
/// </summary>
[DemoOnly]
[Route("demo")]
public sealed class DemoController : Controller
{
    [HttpGet("espace/{code}")]
    public IActionResult Space(string code) =>
        SpaceCatalog.ByCode.TryGetValue(code, out var space) && !SpacesOptions.PortalSpaces.Contains(space.Code)
            ? View(space)
            : NotFound();
}

/// <summary>Marks a controller that exists only when the demo is on (<see cref="DemoPages"/>).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class DemoOnlyAttribute : Attribute;

/// <summary>Removes the <see cref="DemoOnlyAttribute"/> controllers unless the demo data are loaded (`Database:LoadDemoData`).</summary>
public sealed class DemoPages(bool demoOn) : IApplicationModelConvention
{
    public void Apply(ApplicationModel application)
    {
        if (demoOn)
        {
            return;
        }

        foreach (var controller in application.Controllers.Where(c => c.Attributes.OfType<DemoOnlyAttribute>().Any()).ToList())
        {
            application.Controllers.Remove(controller);
        }
    }
}
