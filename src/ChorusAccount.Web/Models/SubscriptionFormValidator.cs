using ChorusAccount.Web.Localization;
using FluentValidation;
using Microsoft.Extensions.Localization;

namespace ChorusAccount.Web.Models;

/// <summary>The space and mode fields of a subscription request; which structure, service and space it may name is Core's rule.</summary>
public sealed class SubscriptionRequestFormValidator : AbstractValidator<SubscriptionRequestForm>
{
    public SubscriptionRequestFormValidator(IStringLocalizer<UiText> t)
    {
        RuleFor(f => f.SpaceId).Must(v => SubscriptionRequestForm.ParseSpace(v) is not null).WithMessage(_ => t["Validation.Space.Required"]);
        RuleFor(f => f.Mode).Must(v => SubscriptionRequestForm.ParseMode(v) is not null).WithMessage(_ => t["Validation.Mode.Required"]);
    }
}
