using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace ChorusAccount.Web.TagHelpers;

/// <summary>
/// What a form field needs from the view: its name, id, current value(s), first error, and what its model says of it
/// (<c>[Required]</c>, <c>[StringLength]</c> or <c>[MaxLength]</c>).
/// </summary>
public sealed record FieldState(string Name, string Id, string? Value, IReadOnlyList<string> Values, string? Error, bool Required, int? MaxLength)
{
    public string MessagesId => Id + "-messages";

    public string ErrorId => Id + "-error";

    public bool HasError => Error is not null;

    /// <summary>The field of <paramref name="expression"/>, posted under its full name (the view's prefix included) or
    /// under <paramref name="postedName"/> (a form posted with another prefix than its model's property).</summary>
    public static FieldState For(ViewContext viewContext, ModelExpression expression, string? postedName = null)
    {
        var name = postedName ?? viewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(expression.Name);
        var attributes = (expression.Metadata as DefaultModelMetadata)?.Attributes.PropertyAttributes ?? [];
        var maxLength = attributes.OfType<StringLengthAttribute>().Select(a => (int?)a.MaximumLength).FirstOrDefault()
            ?? attributes.OfType<MaxLengthAttribute>().Select(a => (int?)a.Length).FirstOrDefault();
        var modelValues = expression.Model is System.Collections.IEnumerable list and not string
            ? list.Cast<object?>().Select(v => v?.ToString() ?? "").ToList()
            : expression.Model is { } value ? [value.ToString() ?? ""] : [];
        return Of(viewContext, name, name, modelValues, attributes.OfType<RequiredAttribute>().Any(), maxLength);
    }

    /// <summary>A field that is no model property: its ModelState <paramref name="key"/> (its id too), the name it is posted under.</summary>
    public static FieldState Of(ViewContext viewContext, string key, string name, IReadOnlyList<string>? values = null, bool required = false, int? maxLength = null)
    {
        var id = TagBuilder.CreateSanitizedId(key, "_");
        var entry = viewContext.ViewData.ModelState.TryGetValue(key, out var e) ? e : null;
        var posted = entry?.RawValue switch
        {
            string one => [one],
            string[] many => many,
            _ => entry?.AttemptedValue is { } attempted ? [attempted] : null,
        };
        var current = posted ?? values ?? [];
        var error = entry?.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;
        return new FieldState(name, id, current.FirstOrDefault(), current, error, required, maxLength);
    }
}
