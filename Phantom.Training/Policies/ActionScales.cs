namespace Phantom.Training.Policies;

/// <summary>Helpers over the discrete price scales of the simulator's action space.</summary>
public static class ActionScales
{
    /// <summary>Index of the scale closest to <paramref name="target"/> (the lower index on a tie).</summary>
    public static int Nearest(ReadOnlySpan<double> scales, double target)
    {
        var best = 0;
        var bestDistance = double.PositiveInfinity;
        for (var i = 0; i < scales.Length; i++)
        {
            var distance = Math.Abs(scales[i] - target);
            if (distance < bestDistance)
            {
                best = i;
                bestDistance = distance;
            }
        }

        return best;
    }
}
