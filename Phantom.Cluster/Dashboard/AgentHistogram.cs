namespace Phantom.Cluster.Dashboard;

/// <summary>
/// A fixed-bin histogram of probabilities in [0, 1]: <see cref="Bins"/> equal bins, the last one closed on the right.
/// The counts live in one array reused sweep after sweep, so filling it allocates nothing; values outside [0, 1] are
/// clamped and non-finite ones are counted apart (<see cref="Invalid"/>) rather than binned.
/// </summary>
public sealed class AgentHistogram
{
    /// <summary>Bins of width 0.05: fine enough to see the human and agent modes apart, small enough to send every second.</summary>
    public const int Bins = 20;

    private readonly long[] _counts = new long[Bins];

    /// <summary>Values counted since the last <see cref="Clear"/>, invalid ones excluded.</summary>
    public long Total { get; private set; }

    /// <summary>Non-finite values seen since the last <see cref="Clear"/> (a session read mid-update).</summary>
    public long Invalid { get; private set; }

    /// <summary>Count of bin <paramref name="bin"/>.</summary>
    public long this[int bin] => _counts[bin];

    /// <summary>The bin a probability falls in.</summary>
    public static int BinOf(double probability) => Math.Clamp((int)(probability * Bins), 0, Bins - 1);

    public void Add(double probability)
    {
        if (!double.IsFinite(probability))
        {
            Invalid++;
            return;
        }

        _counts[BinOf(probability)]++;
        Total++;
    }

    public void Clear()
    {
        Array.Clear(_counts);
        Total = 0;
        Invalid = 0;
    }

    /// <summary>A copy of the counts, for a snapshot that outlives the next sweep.</summary>
    public long[] ToArray() => (long[])_counts.Clone();
}
