namespace Phantom.Cluster.Cli;

/// <summary>The JSON summary of <c>phantom replay</c>.</summary>
internal sealed record ReplaySummary
{
    public required string Input { get; init; }

    public required string Output { get; init; }

    public long Records { get; init; }

    public long Events { get; init; }

    public long Rejected { get; init; }

    public long Ignored { get; init; }

    public long OutOfRange { get; init; }

    public long Sessions { get; init; }

    public long HumanSessions { get; init; }

    public long AgentSessions { get; init; }

    public long UnlabelledSessions { get; init; }

    public int Partitions { get; init; }

    public double ElapsedSeconds { get; init; }

    /// <summary>Records per second through the whole replay, CSV writing included.</summary>
    public double EventsPerSecond { get; init; }

    /// <summary>Processor time the replay took on all threads (GC and JIT included): the rate when cores are shared.</summary>
    public double CpuSeconds { get; init; }

    public double EventsPerCpuSecond { get; init; }
}
