using Phantom.Streams.Demand;

namespace Phantom.Streams.Pricing;

/// <summary>Reads product demand from the pipeline's <see cref="DemandBoard"/>.</summary>
public sealed class DemandBoardSource(DemandBoard board) : IProductDemandSource
{
    private readonly DemandBoard _board = board ?? throw new ArgumentNullException(nameof(board));

    public double MeanNormalized => _board.MeanNormalized;

    public void Refresh(long nowMs) => _board.Refresh(nowMs);

    public double Raw(int product) => _board.Raw(product);

    public double Normalized(int product) => _board.Normalized(product);
}
