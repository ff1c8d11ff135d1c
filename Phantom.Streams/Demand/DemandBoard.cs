namespace Phantom.Streams.Demand;

/// <summary>
/// PLACEHOLDER SURFACE (the session-math work replaces the bodies, keeps these members): per-product q̂ with time
/// decay, written by shards (each shard its own slice, single writer) and aggregated for readers.
/// </summary>
public sealed class DemandBoard
{
    /// <summary>Aggregated, decayed q̂ of a product as of the last <see cref="Refresh"/>.</summary>
    public double Raw(int product) => throw new NotImplementedException();

    /// <summary>q̃ = 100·q̂_i / Σ_j q̂_j as of the last <see cref="Refresh"/> (0 when all are 0).</summary>
    public double Normalized(int product) => throw new NotImplementedException();

    /// <summary>Mean of q̃ over products with any demand.</summary>
    public double MeanNormalized => throw new NotImplementedException();

    /// <summary>Aggregates the shards' slices, decayed to <paramref name="nowMs"/>; called by the global price step.</summary>
    public void Refresh(long nowMs) => throw new NotImplementedException();
}
