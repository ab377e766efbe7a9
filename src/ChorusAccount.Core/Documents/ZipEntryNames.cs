namespace ChorusAccount.Core.Documents;

/// <summary>Entry names for a ZIP of several documents: the stored names, made unique (« a.pdf », « a (2).pdf »).</summary>
public sealed class ZipEntryNames
{
    private readonly HashSet<string> _used = new(StringComparer.OrdinalIgnoreCase);

    public string Next(string fileName)
    {
        var name = fileName;
        var extension = Path.GetExtension(fileName);
        var stem = fileName[..^extension.Length];
        for (var n = 2; !_used.Add(name); n++)
        {
            name = $"{stem} ({n}){extension}";
        }

        return name;
    }
}
