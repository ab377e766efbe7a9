using System.Globalization;
using System.Text;

namespace ChorusAccount.Core.Documents;

/// <summary>The name a file is stored and served under: no path, no control or invisible formatting characters
/// (bidi overrides such as U+202E could disguise « fdp.exe » as « exe.pdf »), no characters file systems refuse.</summary>
public static class DocumentFileName
{
    private static readonly char[] _refused = ['<', '>', ':', '"', '|', '?', '*'];

    public static string Sanitize(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "";
        }

        var lastSeparator = name.LastIndexOfAny(['/', '\\']);
        var baseName = lastSeparator >= 0 ? name[(lastSeparator + 1)..] : name;
        var safe = new StringBuilder(baseName.Length);
        foreach (var c in baseName.Normalize(NormalizationForm.FormC))
        {
            var category = char.GetUnicodeCategory(c);
            if (char.IsControl(c) || category is UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
                || c is '\u2028' or '\u2029')
            {
                continue;
            }

            safe.Append(Array.IndexOf(_refused, c) >= 0 ? '_' : c);
        }

        // Leading dots would hide the file, trailing ones and spaces are dropped by Windows.
        return safe.ToString().Trim().TrimStart('.').TrimEnd('.', ' ');
    }

    /// <summary>Lower-case extension without the dot, or "" when there is none.</summary>
    public static string ExtensionOf(string safeName)
    {
        var dot = safeName.LastIndexOf('.');
        return dot <= 0 || dot == safeName.Length - 1 ? "" : safeName[(dot + 1)..].ToLowerInvariant();
    }
}
