namespace Phantom.Training.Replay;

/// <summary>Records held in memory (tests, and adapters that build events on the fly); the ordering is the index.</summary>
public sealed class MemoryReplaySource(IReadOnlyList<byte[]> payloads, string name = "memory", long ingestTimeMs = 0) : IReplaySource
{
    public string Name => name;

    public IEnumerable<ReplayRecord> Read(CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < payloads.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ReplayRecord(i + 1, ingestTimeMs, payloads[i]);
        }
    }
}
