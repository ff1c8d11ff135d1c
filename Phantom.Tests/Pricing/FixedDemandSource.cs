using Phantom.Streams.Pricing;

namespace Phantom.Tests.Pricing;

/// <summary>A demand source whose q̂ and q̃ the test sets directly (test support, not a test class).</summary>
internal sealed class FixedDemandSource(int products) : IProductDemandSource
{
    public double[] RawValues { get; } = new double[products];

    public double[] NormalizedValues { get; } = new double[products];

    public List<long> Refreshes { get; } = [];

    public double MeanNormalized { get; set; }

    public void Refresh(long nowMs) => Refreshes.Add(nowMs);

    public double Raw(int product) => RawValues[product];

    public double Normalized(int product) => NormalizedValues[product];
}
