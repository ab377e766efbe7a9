using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace ChorusAccount.Web.TagHelpers;

/// <summary>What a form field needs from the view: its name, id, current value and first error.</summary>
public sealed record FieldState(string Name, string Id, string? Value, string? Error)
{
    public string MessagesId => Id + "-messages";

    public static FieldState For(ViewContext viewContext, ModelExpression expression)
    {
        var name = viewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(expression.Name);
        var id = TagBuilder.CreateSanitizedId(name, "_");
        var entry = viewContext.ViewData.ModelState.TryGetValue(name, out var e) ? e : null;
        var value = entry?.AttemptedValue ?? expression.Model?.ToString();
        var error = entry?.ValidationState == ModelValidationState.Invalid ? entry.Errors.FirstOrDefault()?.ErrorMessage : null;
        return new FieldState(name, id, value, error);
    }
}
