using Phantom.Streams.Events;
using Phantom.Streams.Sessions;
using Phantom.Training.Learning;
using Phantom.Training.Linear;
using Phantom.Training.Replay;

namespace Phantom.Training.Detection;

/// <summary>
/// How replayed sessions become rows of the multi-task network, one row per labelled session:
/// <list type="bullet">
/// <item>inputs: every session feature except <c>purchases</c> and <c>conversion_rate</c>, which contain the purchase
/// label itself, standardised with the training rows' means and deviations;</item>
/// <item>agent label: the session's label (agent = 1);</item>
/// <item>price: the session's representative price, <c>avg_price_seen</c> (the mean base price of the products it
/// looked at) divided by the reference price, the mean of <c>avg_price_seen</c> over training sessions that saw one,
/// so 1 is a typical price;</item>
/// <item>purchase label: <c>purchases</c> &gt; 0; sessions that never saw a price are masked out of the purchase loss
/// (nothing was offered to them, so "did not buy at this price" is not what they say).</item>
/// </list>
/// The prices are what the storefront listed, not prices Phantom chose, so the head learns P(purchase | session, list
/// price level); under a pricing policy the same rows would carry the quoted price.
/// </summary>
public sealed class PurchaseRows
{
    private static readonly string[] Excluded = ["purchases", "conversion_rate"];

    private PurchaseRows(int[] columns, Standardizer scaler, double referencePrice)
    {
        Columns = columns;
        Scaler = scaler;
        ReferencePrice = referencePrice;
    }

    /// <summary>Input feature names in column order.</summary>
    public static IReadOnlyList<string> InputFeatures { get; } = [.. SessionFeatures.FeatureNames.Where(n => !Excluded.Contains(n))];

    /// <summary>Positions of <see cref="InputFeatures"/> in the session feature vector.</summary>
    public int[] Columns { get; }

    public Standardizer Scaler { get; }

    /// <summary>The price that maps to 1.</summary>
    public double ReferencePrice { get; }

    /// <summary>Fits the scaler and reference price on <paramref name="rows"/> of <paramref name="data"/>.</summary>
    public static PurchaseRows Fit(SessionDataset data, ReadOnlySpan<int> rows)
    {
        ArgumentNullException.ThrowIfNull(data);
        var columns = InputFeatures.Select(SessionFeatures.IndexOf).ToArray();
        var raw = Raw(data, rows, columns);
        var priceColumn = SessionFeatures.IndexOf("avg_price_seen");
        double sum = 0;
        var count = 0;
        foreach (var r in rows)
        {
            var price = data[r, priceColumn];
            if (price > 0)
            {
                sum += price;
                count++;
            }
        }

        return new PurchaseRows(columns, Standardizer.Fit(raw), count > 0 ? sum / count : 1.0);
    }

    /// <summary>The multi-task rows of <paramref name="rows"/> (all labelled).</summary>
    public MultiTaskDataset Build(SessionDataset data, ReadOnlySpan<int> rows)
    {
        ArgumentNullException.ThrowIfNull(data);
        var features = Scaler.Transform(Raw(data, rows, Columns));
        var prices = new float[rows.Length];
        var agent = new float[rows.Length];
        var purchase = new float[rows.Length];
        var mask = new float[rows.Length];
        var priceColumn = SessionFeatures.IndexOf("avg_price_seen");
        var purchasesColumn = SessionFeatures.IndexOf("purchases");
        for (var i = 0; i < rows.Length; i++)
        {
            var r = rows[i];
            if (data.Labels[r] == GroundTruth.Unknown)
            {
                throw new InvalidOperationException($"session '{data.SessionIds[r]}' has no label");
            }

            agent[i] = data.Labels[r] == GroundTruth.Agent ? 1f : 0f;
            var price = data[r, priceColumn];
            prices[i] = price > 0 ? (float)(price / ReferencePrice) : 0f;
            mask[i] = price > 0 ? 1f : 0f;
            purchase[i] = data[r, purchasesColumn] > 0 ? 1f : 0f;
        }

        return new MultiTaskDataset(features, prices, agent, purchase, mask);
    }

    private static Matrix Raw(SessionDataset data, ReadOnlySpan<int> rows, int[] columns)
    {
        var matrix = new Matrix(rows.Length, columns.Length);
        for (var i = 0; i < rows.Length; i++)
        {
            var row = matrix.Row(i);
            for (var c = 0; c < columns.Length; c++)
            {
                row[c] = (float)data[rows[i], columns[c]];
            }
        }

        return matrix;
    }
}
