using System.Buffers;
using System.Globalization;
using System.Text;
using ChorusAccount.Core;
using ChorusAccount.Core.Data;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Core.Structures;
using ChorusAccount.Web.Localization;
using FluentValidation;
using Microsoft.Extensions.Localization;

namespace ChorusAccount.Web.Models;

/// <summary>One invoice event as posted, every value a string so that each bad one gets its own message.</summary>
public sealed class InvoiceEventForm
{
    public const string Sender = "SENDER";
    public const string Recipient = "RECIPIENT";

    public string? EventId { get; set; }
    public string? InvoiceNumber { get; set; }
    public string? Side { get; set; }
    public string? StructureIdentifier { get; set; }

    /// <summary>Chorus Pro's typeIdentifiantStructure; SIRET when absent.</summary>
    public string? StructureIdentifierType { get; set; }

    public string? ServiceCode { get; set; }
    public string? StatusCode { get; set; }

    /// <summary>ISO 8601 with an offset: 2026-03-02T09:30:00+01:00 or …Z.</summary>
    public string? OccurredAt { get; set; }

    public string? Reason { get; set; }

    public static bool TryParseDate(string? value, out DateTimeOffset date)
    {
        date = default;
        // An offset is required: a date without one would be read in the server's zone.
        return value is not null && value.Contains('T', StringComparison.Ordinal)
            && (value.EndsWith('Z') || value.LastIndexOfAny(['+', '-']) > value.IndexOf('T', StringComparison.Ordinal))
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    /// <summary>The checked form as the use case takes it.</summary>
    public InvoiceEventInput ToInput()
    {
        StructureIdentifierCodes.TryParse(StructureIdentifierType ?? "SIRET", out var type);
        TryParseDate(OccurredAt, out var occurred);
        return new InvoiceEventInput(
            EventId!.Trim(), InvoiceNumber!.Trim(), string.Equals(Side!.Trim(), Sender, StringComparison.OrdinalIgnoreCase) ? InvoiceSide.Sender : InvoiceSide.Recipient,
            type, StructureIdentifier!.Trim(), string.IsNullOrWhiteSpace(ServiceCode) ? null : ServiceCode.Trim(), StatusCode!.Trim(),
            occurred.UtcDateTime, string.IsNullOrWhiteSpace(Reason) ? null : Reason.Trim());
    }
}

/// <summary>The shape of an event: required values, lengths (the columns'), clean text, known side, type, status and a
/// plausible date, the reason Chorus Pro requires.</summary>
public sealed class InvoiceEventFormValidator : AbstractValidator<InvoiceEventForm>
{
    public const int MaxEventIdLength = 100;
    public const int MaxInvoiceNumberLength = 100;

    /// <summary>No invoice lifecycle event is older (Chorus Pro opened in 2017).</summary>
    public static readonly DateTimeOffset EarliestOccurredAt = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How far ahead of the portal's clock the sender's may be.</summary>
    public static readonly TimeSpan ClockTolerance = TimeSpan.FromDays(1);

    public InvoiceEventFormValidator(IStringLocalizer<UiText> t, TimeProvider clock)
    {
        Text(RuleFor(f => f.EventId), "eventId", MaxEventIdLength, required: true, t);
        Text(RuleFor(f => f.InvoiceNumber), "invoiceNumber", MaxInvoiceNumberLength, required: true, t);
        Text(RuleFor(f => f.StructureIdentifier), "structureIdentifier", FieldLengths.StructureIdentifier, required: true, t);
        Text(RuleFor(f => f.ServiceCode), "serviceCode", FieldLengths.ServiceCode, required: false, t);
        Text(RuleFor(f => f.Reason), "reason", FieldLengths.Reason, required: false, t, multiline: true);
        Clean(RuleFor(f => f.Side), "side", t)
            .NotEmpty().WithMessage(_ => t["Api.Required", "side"])
            .Must(s => s!.Trim().ToUpperInvariant() is InvoiceEventForm.Sender or InvoiceEventForm.Recipient).WithMessage(_ => t["Api.BadSide"]);
        Clean(RuleFor(f => f.StructureIdentifierType), "structureIdentifierType", t)
            .Must(s => s is null || StructureIdentifierCodes.TryParse(s, out _))
            .WithMessage(f => t["Api.BadIdentifierType", f.StructureIdentifierType ?? "", "SIRET, UE_HORS_FRANCE, HORS_UE, RIDET, TAHITI, EN_COURS_IMMATRICULATION, PARTICULIER, AUTRE"]);
        Clean(RuleFor(f => f.StatusCode), "statusCode", t)
            .NotEmpty().WithMessage(_ => t["Api.Required", "statusCode"])
            .Must(s => InvoiceStatusCodes.IsKnown(s!.Trim())).WithMessage(f => t["Api.UnknownStatus", f.StatusCode!, string.Join(", ", InvoiceStatusCodes.All)]);
        RuleFor(f => f.Reason)
            .NotEmpty().When(f => InvoiceStatusCodes.RequiresReason(f.StatusCode?.Trim())).WithMessage(f => t["Api.ReasonRequired", f.StatusCode!.Trim()]);
        Clean(RuleFor(f => f.OccurredAt), "occurredAt", t)
            .NotEmpty().WithMessage(_ => t["Api.Required", "occurredAt"])
            .Must(d => InvoiceEventForm.TryParseDate(d, out _)).WithMessage(_ => t["Api.BadDate"])
            .Must(d => InvoiceEventForm.TryParseDate(d, out var date) && date >= EarliestOccurredAt && date <= clock.GetUtcNow() + ClockTolerance)
            .WithMessage(_ => t["Api.DateOutOfRange"]);
    }

    private static IRuleBuilderOptions<InvoiceEventForm, string?> Clean(
        IRuleBuilderInitial<InvoiceEventForm, string?> rule, string name, IStringLocalizer<UiText> t, bool multiline = false) =>
        rule.Cascade(CascadeMode.Stop)
            .Must(v => PlainText.ForbiddenCharacter(v, multiline) is null)
            .WithMessage((_, v) => t["Api.ForbiddenCharacter", name, PlainText.ForbiddenCharacter(v, multiline)!.Value.ToString("X4", CultureInfo.InvariantCulture)]);

    private static void Text(IRuleBuilderInitial<InvoiceEventForm, string?> rule, string name, int maxLength, bool required, IStringLocalizer<UiText> t, bool multiline = false)
    {
        var clean = Clean(rule, name, t, multiline);
        if (required)
        {
            clean = clean.NotEmpty().WithMessage(_ => t["Api.Required", name]);
        }

        clean.Must(v => v is null || v.Trim().Length <= maxLength).WithMessage(_ => t["Api.TooLong", name, maxLength]);
    }
}
