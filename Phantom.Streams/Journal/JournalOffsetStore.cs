using Phantom.Streams.Kafka;

namespace Phantom.Streams.Journal;

/// <summary>
/// Resumes Kafka partitions from the offsets the journal stored in the same transactions as the events they produced
/// (<see cref="JournalStage"/>), so a crash between a journal commit and a Kafka commit neither replays nor skips an
/// event. <see cref="Save"/> does nothing: the journal stage already stored the offset with the events.
/// </summary>
public sealed class JournalOffsetStore : IOffsetStore
{
    private readonly IJournal _journal;

    /// <param name="journal">The node's journal.</param>
    public JournalOffsetStore(IJournal journal) => _journal = journal ?? throw new ArgumentNullException(nameof(journal));

    /// <inheritdoc />
    public long? Load(string group, string topic, int partition)
    {
        // Called from the rebalance callback, which is synchronous; once per assigned partition.
        var offsets = _journal.ReadOffsetsAsync(group).AsTask().GetAwaiter().GetResult();
        foreach (var offset in offsets)
        {
            if (offset.Partition == partition && string.Equals(offset.Topic, topic, StringComparison.Ordinal))
            {
                return offset.Offset;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public void Save(string group, string topic, int partition, long nextOffset)
    {
        // Stored with the events by the journal stage; a second write here could only run ahead of them.
    }
}
