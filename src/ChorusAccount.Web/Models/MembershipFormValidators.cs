using System.Linq.Expressions;
using ChorusAccount.Core;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Structures;
using ChorusAccount.Web.Localization;
using FluentValidation;
using Microsoft.Extensions.Localization;

namespace ChorusAccount.Web.Models;

/// <summary>A search needs one criterion at least; a SIRET typed in full must be one, or a SIREN or the start of one (Core's rule).</summary>
public sealed class StructureSearchFormValidator : AbstractValidator<StructureSearchForm>
{
    public StructureSearchFormValidator(IStringLocalizer<UiText> t)
    {
        RuleFor(f => f).Must(f => !f.ToCriteria().IsEmpty).OverridePropertyName("Search")
            .WithMessage(_ => t["Validation.Search.NoCriterion"]);
        foreach (var criterion in new Expression<Func<StructureSearchForm, string?>>[]
                 { f => f.CompanyName, f => f.Identifier, f => f.Label, f => f.PostalCode, f => f.City, f => f.IdentifierType, f => f.LastName, f => f.FirstName })
        {
            RuleFor(criterion).Cascade(CascadeMode.Stop)
                .MaximumLength(FieldLengths.CompanyName).WithMessage(_ => t["Validation.MaxLength", FieldLengths.CompanyName])
                .Must(v => PlainText.IsPlain(v)).WithMessage(_ => t["Validation.ControlCharacters"]);
        }

        foreach (var text in new Expression<Func<StructureSearchForm, string?>>[] { f => f.CompanyName, f => f.Label, f => f.City, f => f.LastName, f => f.FirstName })
        {
            RuleFor(text).Must(StructureSearchCriteria.WithinFieldLimit)
                .WithMessage(_ => t["Validation.Search.TooManyWordsInField", StructureSearchCriteria.MaxWordsPerField]);
        }

        RuleFor(f => f).Must(f => f.ToCriteria().WordsWithinLimits() is not null).OverridePropertyName("Search")
            .When(f => f.ToCriteria().TextCriteria.All(c => StructureSearchCriteria.WithinFieldLimit(c.Text)))
            .WithMessage(_ => t["Validation.Search.TooManyWords", StructureSearchCriteria.MaxWords]);
        RuleFor(f => f.Identifier)
            .Must((form, _) => form.ToCriteria().IdentifierCheck == SiretCheck.Valid)
            .WithMessage((form, _) => t[$"Validation.Siret.{form.ToCriteria().IdentifierCheck}"]);
    }
}

/// <summary>Dates and scope of the request form; duplicates and services are checked by Core.</summary>
public sealed class MembershipRequestFormValidator : AbstractValidator<MembershipRequestForm>
{
    public MembershipRequestFormValidator(IStringLocalizer<UiText> t)
    {
        RuleFor(f => f.StartDate).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => t["Validation.StartDate.Required"])
            .Must(v => MembershipRequestForm.ParseDate(v) is not null).WithMessage(_ => t["Validation.Date.Format"]);
        RuleFor(f => f.EndDate)
            .Must(v => string.IsNullOrWhiteSpace(v) || MembershipRequestForm.ParseDate(v) is not null).WithMessage(_ => t["Validation.Date.Format"]);
        RuleFor(f => f.ServiceIds)
            .Must((form, ids) => MembershipRules.ScopeRefusal(form.WholeStructure, ids) is null)
            .WithMessage((form, ids) => t[$"MembershipRefusal.{MembershipRules.ScopeRefusal(form.WholeStructure, ids)}"]);
    }
}
