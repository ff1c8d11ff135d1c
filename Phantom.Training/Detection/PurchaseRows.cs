using Phantom.Streams.Events;
using Phantom.Streams.Sessions;
using Phantom.Training.Learning;
using Phantom.Training.Linear;

namespace Phantom.Training.Detection;

/// <summary>
/// How sessions become rows of the multi-task network, one row per labelled session (<see cref="PurchaseSession"/>):
/// <list type="bullet">
/// <item>inputs: the session's features right after its first <c>add_item_to_cart</c> (the moment it chose a product
/// at a price), or at its end when it never carted; every feature except <c>purchases</c> and
/// <c>conversion_rate</c>; standardised with the training rows' means and deviations. Features at the session's end
/// would give the purchase away (the purchase step itself moves page counts and the kernel divergences), so the
/// purchase question is asked where it is still open;</item>
/// <item>agent label: the session's label (agent = 1), for every row;</item>
/// <item>price: <c>avg_price_seen</c> at that moment (the mean listed price of the products seen so far, which
/// includes the carted one) divided by the reference price, the mean over carted training sessions, so 1 is typical;</item>
/// <item>purchase label: the session bought later (<c>purchases</c> &gt; 0 at its end), defined only for sessions that
/// carted; the others are masked out of the purchase loss.</item>
/// </list>
/// The prices are what the storefront listed, not prices Phantom chose; under a pricing policy the rows would carry
/// the quoted price.
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

    /// <summary>Fits the scaler and reference price on the training sessions.</summary>
    public static PurchaseRows Fit(IReadOnlyList<PurchaseSession> sessions)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        var columns = InputFeatures.Select(SessionFeatures.IndexOf).ToArray();
        var prices = sessions.Where(s => s.Carted && s.Features.AvgPriceSeen > 0).Select(s => s.Features.AvgPriceSeen).ToList();
        return new PurchaseRows(columns, Standardizer.Fit(Raw(sessions, columns)), prices.Count > 0 ? prices.Average() : 1.0);
    }

    /// <summary>The multi-task rows (every session labelled).</summary>
    public MultiTaskDataset Build(IReadOnlyList<PurchaseSession> sessions)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        var features = Scaler.Transform(Raw(sessions, Columns));
        var n = sessions.Count;
        var prices = new float[n];
        var agent = new float[n];
        var purchase = new float[n];
        var mask = new float[n];
        for (var i = 0; i < n; i++)
        {
            var s = sessions[i];
            if (s.Label == GroundTruth.Unknown)
            {
                throw new InvalidOperationException("every multi-task row needs a human or agent label");
            }

            agent[i] = s.Label == GroundTruth.Agent ? 1f : 0f;
            prices[i] = s.Features.AvgPriceSeen > 0 ? (float)(s.Features.AvgPriceSeen / ReferencePrice) : 0f;
            mask[i] = s.Carted ? 1f : 0f;
            purchase[i] = s.Carted && s.Purchased ? 1f : 0f;
        }

        return new MultiTaskDataset(features, prices, agent, purchase, mask);
    }

    private static Matrix Raw(IReadOnlyList<PurchaseSession> sessions, int[] columns)
    {
        var matrix = new Matrix(sessions.Count, columns.Length);
        var vector = new double[SessionFeatures.Count];
        for (var i = 0; i < sessions.Count; i++)
        {
            sessions[i].Features.CopyTo(vector);
            var row = matrix.Row(i);
            for (var c = 0; c < columns.Length; c++)
            {
                row[c] = (float)vector[columns[c]];
            }
        }

        return matrix;
    }
}
