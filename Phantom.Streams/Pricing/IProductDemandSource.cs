namespace Phantom.Streams.Pricing;

/// <summary>
/// The product demand the global price step reads: the <see cref="Demand.DemandBoard"/> in a pipeline
/// (<see cref="DemandBoardSource"/>), a fixed vector in tests.
/// </summary>
public interface IProductDemandSource
{
    /// <summary>Brings the values below up to <paramref name="nowMs"/> (event time).</summary>
    void Refresh(long nowMs);

    /// <summary>Decayed q̂ of a product.</summary>
    double Raw(int product);

    /// <summary>q̃ of a product, 0..100.</summary>
    double Normalized(int product);

    /// <summary>Mean q̃ over products with any demand.</summary>
    double MeanNormalized { get; }
}
