namespace Phantom.Cluster.Dashboard;

/// <summary>One product row of a frame.</summary>
/// <param name="Id">Catalog id.</param>
/// <param name="Name">Display name.</param>
/// <param name="BasePrice">Catalog base price.</param>
/// <param name="QHat">Demand q̂ (decayed, summed over shards) as of the last global price step.</param>
/// <param name="QTilde">Normalised demand q̃ = 100·q̂/Σq̂.</param>
/// <param name="GlobalPrice">The product's current global price.</param>
/// <param name="MeanShown">Mean of the latest price shown for it to each live session; null when none.</param>
/// <param name="AgentMin">Lowest price shown for it to a likely agent; null when none.</param>
/// <param name="Erosion">Its erosion indicator (see <see cref="CoiView.Erosion"/>); null when undefined.</param>
public sealed record ProductView(
    string Id, string Name, double BasePrice, double QHat, double QTilde, double? GlobalPrice, double? MeanShown, double? AgentMin, double? Erosion);
