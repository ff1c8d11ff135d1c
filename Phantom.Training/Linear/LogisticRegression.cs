using Phantom.Training.Learning;

namespace Phantom.Training.Linear;

/// <summary>
/// L2-regularised logistic regression fitted by Newton's method (IRLS) in double precision: with tens of features the
/// (d+1)² Hessian is tiny, and Newton converges in a handful of passes to the exact optimum (which makes coefficient
/// recovery testable), where first-order methods would need tuning.
/// </summary>
public sealed class LogisticRegression
{
    private LogisticRegression(double intercept, double[] coefficients, int iterations, bool converged)
    {
        Intercept = intercept;
        Coefficients = coefficients;
        Iterations = iterations;
        Converged = converged;
    }

    /// <summary>Intercept on the original feature scale.</summary>
    public double Intercept { get; }

    /// <summary>Coefficients on the original feature scale: logit = Intercept + Σ Coefficients[j]·x_j.</summary>
    public double[] Coefficients { get; }

    public int Iterations { get; }

    public bool Converged { get; }

    public static LogisticRegression Fit(Matrix features, ReadOnlySpan<float> labels, LogisticRegressionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        options ??= new LogisticRegressionOptions();
        var n = features.Rows;
        var d = features.Columns;
        if (labels.Length != n)
        {
            throw new ArgumentException($"Expected {n} labels, got {labels.Length}.", nameof(labels));
        }

        var scaler = options.Standardize ? Standardizer.Fit(features) : new Standardizer(new double[d], Enumerable.Repeat(1.0, d).ToArray());
        var p = d + 1;
        var beta = new double[p];
        var x = new double[p];
        var gradient = new double[p];
        var hessian = new double[p * p];
        var iterations = 0;
        var converged = false;
        while (iterations < options.MaxIterations && !converged)
        {
            iterations++;
            Array.Clear(gradient);
            Array.Clear(hessian);
            for (var r = 0; r < n; r++)
            {
                var row = features.Row(r);
                x[0] = 1;
                for (var j = 0; j < d; j++)
                {
                    x[j + 1] = scaler.Transform(j, row[j]);
                }

                var z = 0.0;
                for (var j = 0; j < p; j++)
                {
                    z += beta[j] * x[j];
                }

                var mu = Losses.Sigmoid(z);
                var w = Math.Max(mu * (1 - mu), 1e-12);
                var residual = mu - labels[r];
                for (var a = 0; a < p; a++)
                {
                    gradient[a] += residual * x[a];
                    var wa = w * x[a];
                    for (var b = 0; b <= a; b++)
                    {
                        hessian[(a * p) + b] += wa * x[b];
                    }
                }
            }

            for (var j = 1; j < p; j++)
            {
                gradient[j] += options.L2Regularization * beta[j];
                hessian[(j * p) + j] += options.L2Regularization;
            }

            for (var a = 0; a < p; a++)
            {
                for (var b = a + 1; b < p; b++)
                {
                    hessian[(a * p) + b] = hessian[(b * p) + a];
                }
            }

            var step = CholeskySolve(hessian, gradient, p);
            var maxStep = 0.0;
            for (var j = 0; j < p; j++)
            {
                beta[j] -= step[j];
                maxStep = Math.Max(maxStep, Math.Abs(step[j]));
            }

            converged = maxStep < options.Tolerance;
        }

        var coefficients = new double[d];
        var intercept = beta[0];
        for (var j = 0; j < d; j++)
        {
            coefficients[j] = beta[j + 1] / scaler.StandardDeviations[j];
            intercept -= coefficients[j] * scaler.Means[j];
        }

        return new LogisticRegression(intercept, coefficients, iterations, converged);
    }

    /// <summary>Rebuilds a model from stored coefficients (original scale).</summary>
    public static LogisticRegression FromCoefficients(double intercept, double[] coefficients) => new(intercept, coefficients, 0, true);

    /// <summary>Writes "PHLR1", the intercept, the coefficient count and the coefficients (little-endian doubles).</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write("PHLR1"u8);
        writer.Write(Intercept);
        writer.Write(Coefficients.Length);
        foreach (var c in Coefficients)
        {
            writer.Write(c);
        }
    }

    public static LogisticRegression Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        if (!reader.ReadBytes(5).AsSpan().SequenceEqual("PHLR1"u8))
        {
            throw new InvalidDataException("Not a Phantom logistic-regression model (bad magic).");
        }

        var intercept = reader.ReadDouble();
        var coefficients = new double[reader.ReadInt32()];
        for (var j = 0; j < coefficients.Length; j++)
        {
            coefficients[j] = reader.ReadDouble();
        }

        return FromCoefficients(intercept, coefficients);
    }

    public double PredictLogit(ReadOnlySpan<float> row)
    {
        if (row.Length != Coefficients.Length)
        {
            throw new ArgumentException($"Expected {Coefficients.Length} features, got {row.Length}.", nameof(row));
        }

        var z = Intercept;
        for (var j = 0; j < row.Length; j++)
        {
            z += Coefficients[j] * row[j];
        }

        return z;
    }

    public double PredictProbability(ReadOnlySpan<float> row) => Losses.Sigmoid(PredictLogit(row));

    public double[] PredictProbabilities(Matrix features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var result = new double[features.Rows];
        for (var r = 0; r < result.Length; r++)
        {
            result[r] = PredictProbability(features.Row(r));
        }

        return result;
    }

    /// <summary>Solves A·x = b for symmetric positive-definite A (row-major p×p) by Cholesky; A is left intact.</summary>
    private static double[] CholeskySolve(double[] a, double[] b, int p)
    {
        var l = new double[p * p];
        for (var i = 0; i < p; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = a[(i * p) + j];
                for (var k = 0; k < j; k++)
                {
                    sum -= l[(i * p) + k] * l[(j * p) + k];
                }

                if (i == j)
                {
                    // A tiny jitter keeps separable or collinear data from failing outright; the L2 term normally prevents it.
                    l[(i * p) + i] = Math.Sqrt(Math.Max(sum, 1e-12));
                }
                else
                {
                    l[(i * p) + j] = sum / l[(j * p) + j];
                }
            }
        }

        var y = new double[p];
        for (var i = 0; i < p; i++)
        {
            var sum = b[i];
            for (var k = 0; k < i; k++)
            {
                sum -= l[(i * p) + k] * y[k];
            }

            y[i] = sum / l[(i * p) + i];
        }

        var x = new double[p];
        for (var i = p - 1; i >= 0; i--)
        {
            var sum = y[i];
            for (var k = i + 1; k < p; k++)
            {
                sum -= l[(k * p) + i] * x[k];
            }

            x[i] = sum / l[(i * p) + i];
        }

        return x;
    }
}
