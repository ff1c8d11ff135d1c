using System.Globalization;
using Phantom.Training.Learning;

namespace Phantom.Training.Data;

/// <summary>
/// Adapter for the UCI "Online Shoppers Purchasing Intention" data (12,330 sessions, label Revenue). Numeric columns
/// pass through; OperatingSystems, Browser, Region and TrafficType are integer codes kept as ordinal values (trees split
/// them fine); Month (12 calendar months) and VisitorType are one-hot; Weekend is 0/1. 30 features in all.
/// </summary>
public static class OnlineShoppersDataset
{
    /// <summary>Path relative to shared/datasets.</summary>
    public static readonly string[] RelativePath = ["online_shoppers_intention", "online_shoppers_intention.csv"];

    private static readonly string[] NumericColumns =
    [
        "Administrative", "Administrative_Duration", "Informational", "Informational_Duration", "ProductRelated",
        "ProductRelated_Duration", "BounceRates", "ExitRates", "PageValues", "SpecialDay",
        "OperatingSystems", "Browser", "Region", "TrafficType",
    ];

    // The file spells June in full and the other months in three letters; both spellings are accepted.
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    private static readonly string[] VisitorTypes = ["Returning_Visitor", "New_Visitor", "Other"];

    public static IReadOnlyList<string> FeatureNames { get; } =
        [.. NumericColumns, .. Months.Select(m => "Month_" + m), .. VisitorTypes.Select(v => "VisitorType_" + v), "Weekend"];

    /// <summary>Loads from the shared datasets folder (see <see cref="DatasetLocator"/>).</summary>
    public static LabeledDataset Load() => Load(DatasetLocator.Require(RelativePath));

    public static LabeledDataset Load(string path)
    {
        using var records = CsvReader.ReadFile(path).GetEnumerator();
        if (!records.MoveNext())
        {
            throw new InvalidDataException($"{path} is empty.");
        }

        var header = records.Current;
        int Column(string name)
        {
            var i = Array.IndexOf(header, name);
            return i >= 0 ? i : throw new InvalidDataException($"{path} has no column '{name}'.");
        }

        var numeric = NumericColumns.Select(Column).ToArray();
        var month = Column("Month");
        var visitor = Column("VisitorType");
        var weekend = Column("Weekend");
        var revenue = Column("Revenue");

        var rows = new List<float[]>();
        var labels = new List<float>();
        var line = 1;
        while (records.MoveNext())
        {
            line++;
            var r = records.Current;
            if (r.Length != header.Length)
            {
                throw new InvalidDataException($"{path} line {line}: {r.Length} fields, header has {header.Length}.");
            }

            var x = new float[FeatureNames.Count];
            var k = 0;
            foreach (var c in numeric)
            {
                x[k++] = float.Parse(r[c], NumberStyles.Float, CultureInfo.InvariantCulture);
            }

            var m = MonthIndex(r[month]);
            if (m < 0)
            {
                throw new InvalidDataException($"{path} line {line}: unknown month '{r[month]}'.");
            }

            x[k + m] = 1;
            k += Months.Length;
            var v = Array.IndexOf(VisitorTypes, r[visitor]);
            if (v < 0)
            {
                throw new InvalidDataException($"{path} line {line}: unknown visitor type '{r[visitor]}'.");
            }

            x[k + v] = 1;
            k += VisitorTypes.Length;
            x[k] = ParseBool(r[weekend], path, line) ? 1 : 0;
            rows.Add(x);
            labels.Add(ParseBool(r[revenue], path, line) ? 1 : 0);
        }

        return new LabeledDataset(Matrix.FromRows(rows), [.. labels], FeatureNames);
    }

    private static int MonthIndex(string value)
    {
        var key = value.Length >= 3 ? value[..3] : value;
        return Array.FindIndex(Months, m => string.Equals(m, key, StringComparison.OrdinalIgnoreCase));
    }

    private static bool ParseBool(string value, string path, int line) => value.Trim().ToUpperInvariant() switch
    {
        "TRUE" or "1" => true,
        "FALSE" or "0" => false,
        _ => throw new InvalidDataException($"{path} line {line}: '{value}' is not a boolean."),
    };
}
