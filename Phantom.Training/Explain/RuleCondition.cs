using System.Globalization;

namespace Phantom.Training.Explain;

/// <summary>
/// The range one feature must fall in along a rule's path: <c>lower &lt; x ≤ upper</c> (either side open), the
/// tightest bounds of every split on that feature.
/// </summary>
public sealed record RuleCondition(int Feature, string FeatureName, double Lower, double Upper)
{
    public override string ToString()
    {
        var lower = double.IsNegativeInfinity(Lower) ? null : Format(Lower);
        var upper = double.IsPositiveInfinity(Upper) ? null : Format(Upper);
        return (lower, upper) switch
        {
            (null, null) => $"{FeatureName} is any",
            (null, { } u) => $"{FeatureName} ≤ {u}",
            ({ } l, null) => $"{FeatureName} > {l}",
            ({ } l, { } u) => $"{l} < {FeatureName} ≤ {u}",
        };
    }

    /// <summary>Three significant figures, enough to read a threshold and no more.</summary>
    public static string Format(double value) => value.ToString("G3", CultureInfo.InvariantCulture);
}
