using System.Globalization;

namespace ChorusAccount.Bench.Shared;

/// <summary>
/// One measured value in the form bench/run.sh collects into its table: a tab-separated line starting with RESULT
/// (name, value, unit, target, ratio). The ratio is the one the target is about, measured in the same run.
/// </summary>
public static class BenchResult
{
    public static void Print(string name, double value, string unit, string target, double? ratio = null) =>
        Console.WriteLine(string.Join('\t', "RESULT", name, value.ToString("0.##", CultureInfo.InvariantCulture), unit, target,
            ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : "-"));
}
