namespace Phantom.Training.Replay;

/// <summary>Where a replay stands: records read, events applied, sessions finished, time spent.</summary>
public readonly record struct ReplayProgress(long Records, long Events, long Sessions, TimeSpan Elapsed)
{
    /// <summary>Records read per second so far.</summary>
    public double RecordsPerSecond => Elapsed > TimeSpan.Zero ? Records / Elapsed.TotalSeconds : 0;
}
