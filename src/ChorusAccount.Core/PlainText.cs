using System.Buffers;
using System.Globalization;
using System.Text;

namespace ChorusAccount.Core;

/// <summary>
/// What a text typed or received may hold, one rule for every field that is shown to others: names, addresses,
/// designations of pièces jointes, invoice events. A one-line value holds no control, formatting (bidi overrides,
/// zero-width characters) or separator character; a free text keeps its line breaks and tabs.
/// </summary>
public static class PlainText
{
    /// <summary>
    /// The first character a value may not hold, as a code point, or null: control characters (free text keeps its line
    /// breaks and tabs), invisible formatting characters — a bidi override can make « FAC-123 » read as another number in
    /// the digest —, line separators, and halves of surrogate pairs.
    /// </summary>
    public static int? ForbiddenCharacter(string? value, bool multiline)
    {
        for (var i = 0; value is not null && i < value.Length;)
        {
            if (Rune.DecodeFromUtf16(value.AsSpan(i), out var rune, out var used) != OperationStatus.Done)
            {
                return value[i];
            }

            i += used;
            var allowed = Rune.GetUnicodeCategory(rune) switch
            {
                UnicodeCategory.Control => multiline && rune.Value is 0x09 or 0x0A or 0x0D,
                UnicodeCategory.Format => multiline && !IsBidiControl(rune.Value),
                UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => multiline,
                _ => true,
            };
            if (!allowed)
            {
                return rune.Value;
            }
        }

        return null;
    }

    private static bool IsBidiControl(int c) => c is 0x061C or 0x200E or 0x200F or (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069);


    /// <summary>True when <paramref name="value"/> (null included) holds nothing <see cref="ForbiddenCharacter"/> refuses.</summary>
    public static bool IsPlain(string? value, bool multiline = false) => ForbiddenCharacter(value, multiline) is null;
}
