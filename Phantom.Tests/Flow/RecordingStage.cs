using System.Collections.Concurrent;
using Phantom.Streams.Flow;

namespace Phantom.Tests.Flow;

/// <summary>
/// Checks, per session, that sequences arrive as 0,1,2,… on its shard and remembers every record it saw; the
/// violations and totals go to the shared <see cref="Log"/> so a test can assert across shards.
/// </summary>
internal sealed class RecordingStage(string name, RecordingStage.Log log, int shard) : IFlowStage
{
    private readonly Dictionary<ulong, long> _next = new();

    public string Name => name;

    public int Shard => shard;

    public void Process(ref EventContext context)
    {
        var (session, sequence) = TestPayload.Decode(context.Record);
        var expected = _next.GetValueOrDefault(session);
        if (sequence != expected)
        {
            log.Violations.Add($"session {session}: expected {expected}, got {sequence} on shard {shard}");
        }

        _next[session] = sequence + 1;
        log.Seen.Enqueue((session, sequence, shard));
    }

    public void EndBatch() => Interlocked.Increment(ref log.EndBatches);

    public sealed class Log
    {
        public readonly ConcurrentBag<string> Violations = [];
        public readonly ConcurrentQueue<(ulong Session, long Sequence, int Shard)> Seen = new();
        public int EndBatches;
    }
}
