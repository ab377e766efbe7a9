namespace ChorusAccount.Core.Structures;

/// <summary>Checks of structure identifiers.</summary>
public static class StructureIdentifier
{
    /// <summary>La Poste's SIREN: its SIRETs use a digit-sum rule instead of Luhn.</summary>
    public const string LaPosteSiren = "356000000";

    public static SiretCheck CheckSiret(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return SiretCheck.Empty;
        }

        var siret = value.Replace(" ", "", StringComparison.Ordinal);
        if (siret.Length != 14 || !siret.All(char.IsAsciiDigit))
        {
            return SiretCheck.NotFourteenDigits;
        }

        if (siret.StartsWith(LaPosteSiren, StringComparison.Ordinal))
        {
            return siret.Sum(c => c - '0') % 5 == 0 ? SiretCheck.Valid : SiretCheck.BadChecksum;
        }

        return PassesLuhn(siret) ? SiretCheck.Valid : SiretCheck.BadChecksum;
    }

    public static bool PassesLuhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return sum % 10 == 0;
    }
}

public enum SiretCheck
{
    Valid,
    Empty,
    NotFourteenDigits,
    BadChecksum,
}
