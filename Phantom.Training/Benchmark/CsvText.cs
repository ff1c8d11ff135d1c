using System.Globalization;
using System.Text;

namespace Phantom.Training.Benchmark;

/// <summary>Culture-invariant, round-trip number formatting and LF-only files, so equal runs give equal bytes.</summary>
public static class CsvText
{
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes lines joined by '\n' (with a trailing '\n') as UTF-8 without a byte-order mark.</summary>
    public static void WriteLines(string path, IEnumerable<string> lines)
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }

        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
    }
}
