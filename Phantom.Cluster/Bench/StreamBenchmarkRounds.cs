namespace Phantom.Cluster.Bench;

/// <summary>Per-round measurements of one pipeline mode in <c>phantom bench stream</c>.</summary>
internal sealed class StreamBenchmarkRounds(int rounds)
{
    public double[] Eps { get; } = new double[rounds];

    public (double P50, double P99)[] Latency { get; } = new (double, double)[rounds];

    public double[] Cpu { get; } = new double[rounds];

    public double[] GcPause { get; } = new double[rounds];

    /// <summary>The median round by rate, with that round's latency.</summary>
    public (double Eps, double P50, double P99) Median
    {
        get
        {
            var round = Enumerable.Range(0, Eps.Length).OrderBy(r => Eps[r]).ElementAt(Eps.Length / 2);
            return (Eps[round], Latency[round].P50, Latency[round].P99);
        }
    }
}
