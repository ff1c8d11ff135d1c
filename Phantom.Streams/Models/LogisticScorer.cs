using System.Text;
using Phantom.Streams.Agents;
using Phantom.Streams.Sessions;

namespace Phantom.Streams.Models;

/// <summary>
/// A promoted logistic-regression detector, read from the <c>PHLR1</c> format of Training's
/// <c>LogisticRegression.Save</c> ("PHLR1", float64 intercept, int32 count, count × float64 coefficients, on the
/// original feature scale): P = σ(intercept + Σ c·x) over the schema's session features.
/// </summary>
public sealed class LogisticScorer : ISessionScorer
{
    private const int StackLimit = 256;
    private readonly double[] _coefficients;

    public LogisticScorer(double intercept, double[] coefficients, FeatureSelection features)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        Features = features ?? throw new ArgumentNullException(nameof(features));
        if (coefficients.Length != features.Count)
        {
            throw new ModelLoadException($"the logistic model has {coefficients.Length} coefficients but the feature_schema names {features.Count}");
        }

        if (features.Count > StackLimit)
        {
            throw new ModelLoadException($"a detector may use at most {StackLimit} features, this one uses {features.Count}");
        }

        if (!double.IsFinite(intercept) || !coefficients.All(double.IsFinite))
        {
            throw new ModelLoadException("the logistic model has a non-finite coefficient");
        }

        Intercept = intercept;
        _coefficients = coefficients;
    }

    public double Intercept { get; }

    public IReadOnlyList<double> Coefficients => _coefficients;

    public FeatureSelection Features { get; }

    public string Description => $"logistic over {Features.Count} features";

    /// <summary>Reads a PHLR1 stream into (intercept, coefficients).</summary>
    /// <exception cref="InvalidDataException">Bad magic or truncated data.</exception>
    public static (double Intercept, double[] Coefficients) Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (!reader.ReadBytes(5).AsSpan().SequenceEqual("PHLR1"u8))
            {
                throw new InvalidDataException("not a PHLR1 logistic-regression model (bad magic)");
            }

            var intercept = reader.ReadDouble();
            var count = reader.ReadInt32();
            if (count is < 1 or > 1_000_000)
            {
                throw new InvalidDataException($"coefficient count {count} is out of range");
            }

            var coefficients = new double[count];
            for (var j = 0; j < count; j++)
            {
                coefficients[j] = reader.ReadDouble();
            }

            return (intercept, coefficients);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("the PHLR1 data is truncated", e);
        }
    }

    public double Score(in SessionFeatures features)
    {
        Span<float> row = stackalloc float[Features.Count];
        Features.Gather(in features, row);
        var z = Intercept;
        for (var j = 0; j < row.Length; j++)
        {
            z += _coefficients[j] * row[j];
        }

        return Logistic.Sigmoid(z);
    }
}
