using ChorusAccount.Core;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Data;
using ChorusAccount.Web.Localization;
using FluentValidation;
using Microsoft.Extensions.Localization;

namespace ChorusAccount.Web.Models;

public sealed class ProfileFormValidator : AbstractValidator<ProfileForm>
{
    public ProfileFormValidator(IStringLocalizer<UiText> t)
    {
        // In the form's order, the guide's (« Compléter les informations de son compte »).
        Text(RuleFor(f => f.ContactEmail), t, FieldLengths.Email)
            .NotEmpty().WithMessage(_ => t["Validation.ContactEmail.Required"])
            // The rule the MADRHAS import and the mailer share: an address accepted here is one the emails can be sent to.
            .Must(v => ContactEmail.IsUsable(v?.Trim())).WithMessage(_ => t["Validation.ContactEmail.Format"]);
        RuleFor(f => f.Civility).Must(c => string.IsNullOrEmpty(c) || c is "M." or "Mme").WithMessage(_ => t["Validation.Civility"]);
        Text(RuleFor(f => f.LastName), t, FieldLengths.Name).NotEmpty().WithMessage(_ => t["Validation.LastName.Required"]);
        Text(RuleFor(f => f.FirstName), t, FieldLengths.Name).NotEmpty().WithMessage(_ => t["Validation.FirstName.Required"]);
        Text(RuleFor(f => f.AddressLine1), t, FieldLengths.AddressLine);
        Text(RuleFor(f => f.AddressLine2), t, FieldLengths.AddressLine);
        Text(RuleFor(f => f.City), t, FieldLengths.City);
        RuleFor(f => f.Country)
            .NotEmpty().WithMessage(_ => t["Validation.Country.Required"])
            .Matches("^[A-Za-z]{2}$").WithMessage(_ => t["Validation.Country.Format"]);
        RuleFor(f => f.PostalCode)
            .Matches(@"^\d{5}$").WithMessage(_ => t["Validation.PostalCode.France"])
            .When(f => string.Equals(f.Country?.Trim(), "FR", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(f.PostalCode));
        Text(RuleFor(f => f.PostalCode), t, FieldLengths.PostalCode);
        RuleFor(f => f.Language).Must(l => l is "fr" or "en").WithMessage(_ => t["Validation.Language"]);
    }

    // Every free text field: a bounded length and plain text (no control, bidi or other formatting character).
    private static IRuleBuilderOptions<ProfileForm, string?> Text(IRuleBuilderInitial<ProfileForm, string?> rule, IStringLocalizer<UiText> t, int maxLength) =>
        rule.Cascade(CascadeMode.Stop)
            .MaximumLength(maxLength).WithMessage(_ => t["Validation.MaxLength", maxLength])
            .Must(v => PlainText.IsPlain(v)).WithMessage(_ => t["Validation.ControlCharacters"]);
}
