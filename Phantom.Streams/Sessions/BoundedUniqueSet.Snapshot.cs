namespace Phantom.Streams.Sessions;

/// <summary>
/// Snapshot part of <see cref="BoundedUniqueSet"/>: the tracked values in order, the spill array's capacity (restored
/// as it was, so later growth is identical) and the overflow sketch.
/// </summary>
internal partial struct BoundedUniqueSet
{
    /// <summary>More than any configured limit (max-tracked-uniques is at most 4096): a guard against corrupt counts.</summary>
    private const int MaxStored = 1 << 16;

    internal readonly void WriteTo(SessionSnapshotWriter writer)
    {
        writer.WriteInt32(_count);
        writer.WriteInt32(_more?.Length ?? 0);
        var inline = Math.Min(_count, InlineCapacity);
        for (var i = 0; i < inline; i++)
        {
            writer.WriteInt32(_inline[i]);
        }

        for (var i = 0; i < _count - inline; i++)
        {
            writer.WriteInt32(_more![i]);
        }

        _overflow.WriteTo(writer);
    }

    internal void ReadFrom(ref SessionSnapshotReader reader)
    {
        _count = reader.ReadCount(0, MaxStored, "unique values");
        var capacity = reader.ReadCount(Math.Max(0, _count - InlineCapacity), MaxStored, "unique values' capacity");
        _more = capacity == 0 ? null : new int[capacity];
        var inline = Math.Min(_count, InlineCapacity);
        for (var i = 0; i < inline; i++)
        {
            _inline[i] = reader.ReadInt32();
        }

        for (var i = 0; i < _count - inline; i++)
        {
            _more![i] = reader.ReadInt32();
        }

        _overflow.ReadFrom(ref reader);
    }
}
