using ChorusAccount.Core.Structures;

namespace ChorusAccount.Core.Tests.Support;

/// <summary>Valid SIRETs for generated extracts: a 13-digit base completed by its Luhn key.</summary>
internal static class Sirets
{
    public static string Make(int n)
    {
        var body = (21_000_000_000_00L + n).ToString("D13", System.Globalization.CultureInfo.InvariantCulture);
        for (var key = 0; key < 10; key++)
        {
            if (StructureIdentifier.PassesLuhn(body + key))
            {
                return body + key;
            }
        }

        throw new InvalidOperationException("A Luhn key always exists.");
    }
}
