namespace Phantom.Streams.Pricing;

/// <summary>
/// Everything a policy may read to price one product, copied out of the session entity and the demand board by the
/// stage. A plain value so the policies' math is testable without an entity or a board, and so a policy cannot
/// reach into shared state behind the stage's back.
/// </summary>
/// <param name="ProductIndex">Index in the catalog (per-product state, e.g. elasticity slopes, is kept by it).</param>
/// <param name="BasePrice">The product's catalog price.</param>
/// <param name="GlobalPrice">The product's current global price from the global price step.</param>
/// <param name="ProductDemand">The product's normalised demand q̃ (0..100).</param>
/// <param name="MeanDemand">Mean q̃ over products with any demand (q̄).</param>
/// <param name="Velocity">The session's interaction velocity, events per minute.</param>
/// <param name="ItemViews">The session's item views.</param>
/// <param name="ViewDepth">The session's product view depth (most events on one product).</param>
/// <param name="CartToViewRatio">The session's cart adds per item view.</param>
/// <param name="AgentProbability">The live agent estimate the defence uses (the stage passes the detector score).</param>
public readonly record struct PricingInput(
    int ProductIndex,
    double BasePrice,
    double GlobalPrice,
    double ProductDemand,
    double MeanDemand,
    double Velocity,
    int ItemViews,
    int ViewDepth,
    double CartToViewRatio,
    double AgentProbability)
{
    /// <summary>The product's decayed q̂ (unnormalised); set by the global price step, 0 on the session path.</summary>
    public double RawDemand { get; init; }
}
