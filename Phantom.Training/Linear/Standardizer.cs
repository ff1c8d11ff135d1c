using Phantom.Training.Learning;

namespace Phantom.Training.Linear;

/// <summary>Per-feature z-scoring: (x − mean) / std, with std = 1 for constant features so they map to 0.</summary>
public sealed class Standardizer
{
    public Standardizer(double[] means, double[] standardDeviations)
    {
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(standardDeviations);
        if (means.Length != standardDeviations.Length)
        {
            throw new ArgumentException("Means and standard deviations differ in length.", nameof(standardDeviations));
        }

        Means = means;
        StandardDeviations = standardDeviations;
    }

    public double[] Means { get; }

    public double[] StandardDeviations { get; }

    public static Standardizer Fit(Matrix features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var d = features.Columns;
        var mean = new double[d];
        var m2 = new double[d];
        for (var r = 0; r < features.Rows; r++)
        {
            var row = features.Row(r);
            for (var c = 0; c < d; c++)
            {
                // Welford: stable for large n and large offsets.
                var delta = row[c] - mean[c];
                mean[c] += delta / (r + 1);
                m2[c] += delta * (row[c] - mean[c]);
            }
        }

        var std = new double[d];
        for (var c = 0; c < d; c++)
        {
            var s = features.Rows > 0 ? Math.Sqrt(m2[c] / features.Rows) : 0;
            std[c] = s > 1e-12 ? s : 1.0;
        }

        return new Standardizer(mean, std);
    }

    public double Transform(int feature, double value) => (value - Means[feature]) / StandardDeviations[feature];

    /// <summary>A standardised copy of <paramref name="features"/>.</summary>
    public Matrix Transform(Matrix features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var result = new Matrix(features.Rows, features.Columns);
        for (var r = 0; r < features.Rows; r++)
        {
            var src = features.Row(r);
            var dst = result.Row(r);
            for (var c = 0; c < features.Columns; c++)
            {
                dst[c] = (float)Transform(c, src[c]);
            }
        }

        return result;
    }
}
