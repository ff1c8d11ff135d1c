namespace Phantom.Streams.Sessions;

/// <summary>
/// Snapshot part of <see cref="ProductTally"/>: per tracked product (in tracking order) its index, events and the
/// float bits of its q̂; the spill array's capacity (restored as it was); the deepest count and the overflow sketch.
/// </summary>
internal partial struct ProductTally
{
    /// <summary>A guard against corrupt counts (max-tracked-uniques is at most 4096).</summary>
    private const int MaxStored = 1 << 16;

    internal readonly void WriteTo(SessionSnapshotWriter writer)
    {
        writer.WriteInt32(_count);
        writer.WriteInt32((_more?.Length ?? 0) / 3);
        for (var i = 0; i < _count; i++)
        {
            var (product, events, demandBits) = At(i);
            writer.WriteInt32(product);
            writer.WriteInt32(events);
            writer.WriteInt32(demandBits);
        }

        writer.WriteInt32(MaxEvents);
        _beyond.WriteTo(writer);
    }

    internal void ReadFrom(ref SessionSnapshotReader reader)
    {
        _count = reader.ReadCount(0, MaxStored, "tracked products");
        var capacity = reader.ReadCount(Math.Max(0, _count - InlineCapacity), MaxStored, "tracked products' capacity");
        _more = capacity == 0 ? null : new int[capacity * 3];
        for (var i = 0; i < _count; i++)
        {
            var product = reader.ReadInt32();
            var events = reader.ReadInt32();
            var demandBits = reader.ReadInt32();
            if (i < InlineCapacity)
            {
                _ids[i] = product;
                _events[i] = events;
                _demandBits[i] = demandBits;
            }
            else
            {
                var beyond = i - InlineCapacity;
                _more![beyond] = product;
                _more[capacity + beyond] = events;
                _more[(2 * capacity) + beyond] = demandBits;
            }
        }

        MaxEvents = reader.ReadInt32();
        _beyond.ReadFrom(ref reader);
    }

    private readonly (int Product, int Events, int DemandBits) At(int index)
    {
        if (index < InlineCapacity)
        {
            return (_ids[index], _events[index], _demandBits[index]);
        }

        var capacity = _more!.Length / 3;
        var beyond = index - InlineCapacity;
        return (_more[beyond], _more[capacity + beyond], _more[(2 * capacity) + beyond]);
    }
}
