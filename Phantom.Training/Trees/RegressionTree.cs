using System.Runtime.CompilerServices;

namespace Phantom.Training.Trees;

/// <summary>
/// One fitted tree in flat arrays (node 0 is the root). Internal nodes have <see cref="Feature"/> ≥ 0 and send a row
/// left when value ≤ <see cref="Threshold"/> or value is NaN; leaves have Feature = -1 and a <see cref="Value"/>
/// (already multiplied by the learning rate).
/// </summary>
public sealed class RegressionTree
{
    public RegressionTree(int[] feature, float[] threshold, int[] splitBin, int[] left, int[] right, double[] value)
    {
        Feature = feature;
        Threshold = threshold;
        SplitBin = splitBin;
        Left = left;
        Right = right;
        Value = value;
    }

    public int[] Feature { get; }

    public float[] Threshold { get; }

    /// <summary>The same split as a bin index (bin ≤ SplitBin goes left), for scoring binned training rows.</summary>
    public int[] SplitBin { get; }

    public int[] Left { get; }

    public int[] Right { get; }

    public double[] Value { get; }

    public int NodeCount => Feature.Length;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Predict(ReadOnlySpan<float> row)
    {
        var node = 0;
        while (Feature[node] >= 0)
        {
            var x = row[Feature[node]];
            node = (x <= Threshold[node] || float.IsNaN(x)) ? Left[node] : Right[node];
        }

        return Value[node];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal double PredictBinned(ReadOnlySpan<byte> rowBins)
    {
        var node = 0;
        while (Feature[node] >= 0)
        {
            node = rowBins[Feature[node]] <= SplitBin[node] ? Left[node] : Right[node];
        }

        return Value[node];
    }
}
