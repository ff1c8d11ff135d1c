using Phantom.Streams.Events;
using Phantom.Streams.Flow;

namespace Phantom.Tests.Flow;

/// <summary>
/// A partitioned source that never ends by itself (a live topic): each partition yields test records for the sessions
/// that route to it, round-robin, copied into the batch with <see cref="RecordBatch.Append"/>, at most
/// <paramref name="perPull"/> per pull, until the pipeline's kill switch; <see cref="Pulled"/> counts them.
/// </summary>
internal sealed class EndlessPartitionedSource(int partitions, int sessions, int perPull = 8) : IPartitionedSource
{
    private long _pulled;

    public string Name => "endless";

    public int Partitions => partitions;

    public long Pulled => Interlocked.Read(ref _pulled);

    public IPartitionInput OpenPartition(int partition)
    {
        var mine = Enumerable.Range(0, sessions)
            .Select(s => (ulong)s)
            .Where(s => Utf8Hash.Partition(TestPayload.KeyOf(s), partitions) == partition)
            .ToArray();
        return new Input(this, mine, perPull);
    }

    private sealed class Input(EndlessPartitionedSource owner, ulong[] sessions, int perPull) : IPartitionInput
    {
        private readonly long[] _next = new long[sessions.Length];
        private int _turn;
        private long _offset;

        public PartitionPull Pull(RecordBatch batch, long pulledTimestamp, CancellationToken cancellationToken)
        {
            if (sessions.Length == 0)
            {
                Thread.Sleep(1); // an empty partition idles as a consumer poll would
                return PartitionPull.Idle;
            }

            for (var n = 0; n < perPull && !batch.IsFull; n++)
            {
                var s = _turn;
                _turn = (_turn + 1) % sessions.Length;
                batch.Append(TestPayload.KeyOf(sessions[s]), TestPayload.Encode(sessions[s], _next[s]++), _offset++, pulledTimestamp);
            }

            Interlocked.Add(ref owner._pulled, batch.Count);
            return PartitionPull.Records;
        }
    }
}
