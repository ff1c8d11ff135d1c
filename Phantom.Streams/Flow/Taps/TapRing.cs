namespace Phantom.Streams.Flow.Taps;

/// <summary>
/// The last <c>capacity</c> values one shard recorded, newest overwriting oldest. One thread writes (the shard); any
/// thread reads a copy. Each slot carries a version (odd while being written, a seqlock), so a reader skips a slot it
/// caught mid-write instead of returning a torn value, and neither side locks or allocates.
/// </summary>
public sealed class TapRing<T>
    where T : struct
{
    private readonly T[] _values;
    private readonly int[] _versions;
    private long _written;

    public TapRing(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1, "phantom.admin.sample-keep");
        _values = new T[capacity];
        _versions = new int[capacity];
    }

    public int Capacity => _values.Length;

    /// <summary>Values ever written.</summary>
    public long Written => Volatile.Read(ref _written);

    /// <summary>Owner thread only.</summary>
    public void Write(in T value)
    {
        var slot = (int)(_written % _values.Length);
        var version = _versions[slot];
        Volatile.Write(ref _versions[slot], version + 1);
        _values[slot] = value;
        Volatile.Write(ref _versions[slot], version + 2);
        Volatile.Write(ref _written, _written + 1);
    }

    /// <summary>A copy of what the ring holds, newest first; slots caught mid-write are left out.</summary>
    public List<T> Snapshot()
    {
        var written = Written;
        var count = (int)Math.Min(written, _values.Length);
        var result = new List<T>(count);
        for (var i = 0; i < count; i++)
        {
            var slot = (int)((written - 1 - i) % _values.Length);
            var before = Volatile.Read(ref _versions[slot]);
            if ((before & 1) != 0)
            {
                continue;
            }

            var value = _values[slot];
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref _versions[slot]) == before)
            {
                result.Add(value);
            }
        }

        return result;
    }
}
