using Phantom.Training.Learning;

namespace Phantom.Training.Data;

/// <summary>A feature matrix with named columns and 0/1 labels, ready for any of the learners.</summary>
public sealed record LabeledDataset(Matrix Features, float[] Labels, IReadOnlyList<string> FeatureNames)
{
    public int Count => Features.Rows;

    /// <summary>The subset of rows (in the given order).</summary>
    public LabeledDataset Subset(ReadOnlySpan<int> rows)
    {
        var labels = new float[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            labels[i] = Labels[rows[i]];
        }

        return new LabeledDataset(Features.GatherRows(rows), labels, FeatureNames);
    }
}
