using Phantom.Streams.Catalog;
using Phantom.Streams.Configuration;
using Phantom.Streams.Events;
using Phantom.Streams.Generation;

namespace Phantom.Cluster.Bench;

/// <summary>
/// Generated events laid out once in one contiguous buffer, so every measurement of a benchmark reads the same bytes
/// and none pays for generation. Also groups record indices by shard for the parse-only ceiling.
/// </summary>
internal sealed class PreparedRecords
{
    private PreparedRecords(byte[] data, int[] starts, ulong[] keys, int count)
    {
        Data = data;
        Starts = starts;
        Keys = keys;
        Count = count;
    }

    public byte[] Data { get; }

    /// <summary>Start offsets; record i spans Starts[i]..Starts[i+1].</summary>
    public int[] Starts { get; }

    public ulong[] Keys { get; }

    public int Count { get; }

    public long Bytes => Starts[Count];

    public ReadOnlySpan<byte> Record(int i) => Data.AsSpan(Starts[i], Starts[i + 1] - Starts[i]);

    public static PreparedRecords Generate(PhantomOptions options, ProductCatalog catalog, int events)
    {
        var generator = new TrafficGenerator(options, catalog);
        var data = new byte[checked((long)events * 420)];
        var starts = new int[events + 1];
        var keys = new ulong[events];
        var used = 0;
        for (var i = 0; i < events; i++)
        {
            if (data.Length - used < generator.MaxLineBytes)
            {
                Array.Resize(ref data, (int)Math.Min(Array.MaxLength, (long)data.Length * 3 / 2));
            }

            generator.TryWriteNext(data.AsSpan(used), out var written, out keys[i]);
            starts[i] = used;
            used += written;
        }

        starts[events] = used;
        return new PreparedRecords(data, starts, keys, events);
    }

    /// <summary>The first <paramref name="count"/> records (sharing this instance's buffer).</summary>
    public PreparedRecords Take(int count) => new(Data, Starts, Keys, Math.Min(count, Count));

    /// <summary>Record indices per shard, in input order, as the pipeline's router would assign them.</summary>
    public int[][] ByShard(int partitions)
    {
        var lists = Enumerable.Range(0, partitions).Select(_ => new List<int>(Count / partitions + 16)).ToArray();
        for (var i = 0; i < Count; i++)
        {
            lists[Utf8Hash.Partition(Keys[i], partitions)].Add(i);
        }

        return lists.Select(l => l.ToArray()).ToArray();
    }
}
