namespace Phantom.Training.Learning;

/// <summary>
/// Rows for the multi-task network: features, the price shown, and both labels. <see cref="PurchaseMask"/> (optional,
/// 0/1 per row) drops rows whose purchase outcome is unknown from the purchase loss.
/// </summary>
public sealed record MultiTaskDataset(Matrix Features, float[] Prices, float[] AgentLabels, float[] PurchaseLabels, float[]? PurchaseMask = null)
{
    public int Count => Features.Rows;

    /// <summary>Throws when arrays do not have one entry per row.</summary>
    public void Validate()
    {
        var n = Features.Rows;
        if (Prices.Length != n || AgentLabels.Length != n || PurchaseLabels.Length != n || (PurchaseMask is not null && PurchaseMask.Length != n))
        {
            throw new ArgumentException("Every column of a multi-task dataset needs one value per feature row.");
        }
    }
}
