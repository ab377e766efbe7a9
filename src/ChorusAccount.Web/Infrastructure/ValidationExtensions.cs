using FluentValidation;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ChorusAccount.Web.Infrastructure;

public static class ValidationExtensions
{
    /// <summary>Validates explicitly and copies the errors into ModelState under the form's field names.</summary>
    public static async Task<bool> ValidateIntoAsync<T>(this IValidator<T> validator, T model, ModelStateDictionary modelState, string prefix, CancellationToken ct)
    {
        var result = await validator.ValidateAsync(model, ct);
        foreach (var error in result.Errors)
        {
            modelState.AddModelError(string.IsNullOrEmpty(prefix) ? error.PropertyName : $"{prefix}.{error.PropertyName}", error.ErrorMessage);
        }

        return result.IsValid && modelState.IsValid;
    }
}
