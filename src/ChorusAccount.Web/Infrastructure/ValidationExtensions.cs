using FluentValidation;
using Microsoft.AspNetCore.Mvc;

namespace ChorusAccount.Web.Infrastructure;

public static class ValidationExtensions
{
    private static readonly object _errorOrderKey = new();

    /// <summary>Validates explicitly and copies the errors into the controller's ModelState under the form's field names,
    /// remembering their order (the validator's rules follow the form's fields) for <see cref="ErrorOrder"/>.</summary>
    public static async Task<bool> ValidateIntoAsync<T>(this IValidator<T> validator, T model, ControllerBase controller, string prefix, CancellationToken ct)
    {
        var result = await validator.ValidateAsync(model, ct);
        var order = ErrorOrder(controller.HttpContext) ?? [];
        foreach (var error in result.Errors)
        {
            var key = string.IsNullOrEmpty(prefix) ? error.PropertyName : $"{prefix}.{error.PropertyName}";
            controller.ModelState.AddModelError(key, error.ErrorMessage);
            if (!order.Contains(key))
            {
                order.Add(key);
            }
        }

        controller.HttpContext.Items[_errorOrderKey] = order;
        return result.IsValid && controller.ModelState.IsValid;
    }

    /// <summary>The ModelState keys of the validator's errors in the order of its rules (ModelState itself keeps its keys
    /// sorted by name); null when no validator ran on this request.</summary>
    public static List<string>? ErrorOrder(HttpContext context) => context.Items[_errorOrderKey] as List<string>;
}
