namespace Phantom.Streams.Flow.Taps;

/// <summary>
/// <c>phantom.admin</c>: the operator's tools on a running node: the bounded log the admin API serves and the stages an
/// operator attaches at run time (<c>log-tap</c>, <c>sample</c>, <c>shadow-*</c>).
/// </summary>
public sealed class AdminOptions
{
    /// <summary>Log lines the node keeps for <c>GET /admin/log</c>; older lines are overwritten (no unbounded growth).</summary>
    public int LogCapacity { get; set; } = 2000;

    /// <summary>Most lines per second and shard the <c>log-tap</c> stage writes to the node log; the rest are counted.</summary>
    public double LogTapPerSecond { get; set; } = 2;

    /// <summary>The <c>sample</c> stage keeps every n-th event of a shard.</summary>
    public int SampleEvery { get; set; } = 100;

    /// <summary>Sampled records (and shadow prices) each shard keeps for inspection, newest overwriting oldest.</summary>
    public int SampleKeep { get; set; } = 16;
}
