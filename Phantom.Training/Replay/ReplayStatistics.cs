namespace Phantom.Training.Replay;

/// <summary>Counts of one replay, by what happened to each record and session.</summary>
public sealed class ReplayStatistics
{
    public long Records { get; internal set; }

    /// <summary>Records applied to a session.</summary>
    public long Events { get; internal set; }

    /// <summary>Records the codec rejected (the live path dead-letters them).</summary>
    public long Rejected { get; internal set; }

    /// <summary>Admin pages, which the model ignores.</summary>
    public long Ignored { get; internal set; }

    /// <summary>Events outside <see cref="ReplayOptions.Since"/>/<see cref="ReplayOptions.Until"/>.</summary>
    public long OutOfRange { get; internal set; }

    public long Sessions { get; internal set; }

    public long HumanSessions { get; internal set; }

    public long AgentSessions { get; internal set; }

    public long UnlabelledSessions => Sessions - HumanSessions - AgentSessions;

    /// <summary>Earliest and latest event time applied (Unix ms); null before any event.</summary>
    public long? FirstEventMs { get; internal set; }

    public long? LastEventMs { get; internal set; }

    public TimeSpan Elapsed { get; internal set; }

    public double RecordsPerSecond => Elapsed > TimeSpan.Zero ? Records / Elapsed.TotalSeconds : 0;
}
