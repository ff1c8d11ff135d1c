namespace Phantom.Training.Policies;

/// <summary>An ordinary-least-squares line y = Intercept + Slope·x.</summary>
public readonly record struct LinearFit(double Intercept, double Slope)
{
    /// <summary>
    /// Fits by OLS. With fewer than two points or no spread in x the slope is 0 and the intercept the mean of y.
    /// </summary>
    public static LinearFit Fit(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"x has {x.Length} values and y {y.Length}");
        }

        if (x.IsEmpty)
        {
            return new LinearFit(0, 0);
        }

        double meanX = 0, meanY = 0;
        for (var i = 0; i < x.Length; i++)
        {
            meanX += x[i];
            meanY += y[i];
        }

        meanX /= x.Length;
        meanY /= x.Length;
        double sxx = 0, sxy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sxx += (x[i] - meanX) * (x[i] - meanX);
            sxy += (x[i] - meanX) * (y[i] - meanY);
        }

        if (!(sxx > 1e-12 * x.Length))
        {
            return new LinearFit(meanY, 0);
        }

        var slope = sxy / sxx;
        return new LinearFit(meanY - (slope * meanX), slope);
    }
}
