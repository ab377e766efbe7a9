using ChorusAccount.Core;
using ChorusAccount.Core.Data;
using ChorusAccount.Web.Localization;
using FluentValidation;
using Microsoft.Extensions.Localization;

namespace ChorusAccount.Web.Models;

/// <summary>The form's own fields; the file's rules are Core's (<see cref="Core.Documents.DocumentRules"/>).</summary>
public sealed class DocumentFormValidator : AbstractValidator<DocumentForm>
{
    public DocumentFormValidator(IStringLocalizer<UiText> t)
    {
        RuleFor(f => f.Designation).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => t["Validation.Designation.Required"])
            .MaximumLength(FieldLengths.Designation).WithMessage(_ => t["Validation.MaxLength", FieldLengths.Designation])
            .Must(v => PlainText.IsPlain(v))
            .WithMessage(_ => t["Validation.ControlCharacters"]);
        RuleFor(f => f.DocumentTypeId).NotNull().WithMessage(_ => t["Validation.DocumentType.Required"]);
        RuleFor(f => f.File).NotNull().WithMessage(_ => t["DocumentRefusal.NoFile"]);
    }
}
