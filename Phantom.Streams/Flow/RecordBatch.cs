using System.Runtime.CompilerServices;

namespace Phantom.Streams.Flow;

/// <summary>
/// Up to <see cref="Capacity"/> records bound for one shard, stored back to back in one byte buffer with parallel
/// per-record arrays (offset, length, session key, source offset, enqueue timestamp). Batches are pooled and reused, so
/// a record costs a copy into the buffer and nothing else (or, with <see cref="Borrow"/>, not even that); the buffer only grows (rarely) when records are larger
/// than expected, and keeps its size when returned to the pool.
/// </summary>
public sealed class RecordBatch
{
    private readonly int[] _offsets;
    private readonly int[] _lengths;
    private readonly ulong[] _keys;
    private readonly long[] _sourceOffsets;
    private readonly long[] _timestamps;
    private byte[] _buffer;
    private byte[] _own; // the batch's own buffer; _buffer points elsewhere while a view is borrowed
    private int _used;

    /// <summary>Creates an empty batch for <paramref name="capacity"/> records and an initial byte budget.</summary>
    public RecordBatch(int capacity, int initialBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _offsets = new int[capacity];
        _lengths = new int[capacity];
        _keys = new ulong[capacity];
        _sourceOffsets = new long[capacity];
        _timestamps = new long[capacity];
        _buffer = new byte[Math.Max(initialBytes, 64)];
        _own = _buffer;
    }

    /// <summary>Records the batch can hold.</summary>
    public int Capacity => _offsets.Length;

    /// <summary>Records in the batch.</summary>
    public int Count { get; private set; }

    public bool IsFull => Count == _offsets.Length;

    /// <summary>True while the records are views into a borrowed buffer (<see cref="Borrow"/>) rather than copies.</summary>
    public bool IsBorrowing => !ReferenceEquals(_buffer, _own);

    /// <summary>Bytes of payload stored.</summary>
    public int ByteCount => _used;

    /// <summary>Copies a record in. The caller checks <see cref="IsFull"/> first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(ulong key, ReadOnlySpan<byte> payload, long sourceOffset, long enqueueTimestamp)
    {
        var index = Count;
        if ((uint)index >= (uint)_offsets.Length)
        {
            throw new InvalidOperationException("record batch is full");
        }

        if (IsBorrowing)
        {
            throw new InvalidOperationException("record batch holds views into a borrowed buffer: use AppendView");
        }

        if (_buffer.Length - _used < payload.Length)
        {
            Grow(payload.Length);
        }

        payload.CopyTo(_buffer.AsSpan(_used));
        _offsets[index] = _used;
        _lengths[index] = payload.Length;
        _keys[index] = key;
        _sourceOffsets[index] = sourceOffset;
        _timestamps[index] = enqueueTimestamp;
        _used += payload.Length;
        Count = index + 1;
    }

    /// <summary>
    /// Makes an empty batch read its records from <paramref name="buffer"/> instead of its own, for a source whose
    /// records already lie in memory that outlives the batch (a pre-split partition, a fetched message set): records
    /// are then appended as views with <see cref="AppendView"/>, no copy. <see cref="Clear"/> ends the borrowing.
    /// </summary>
    public void Borrow(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (Count != 0)
        {
            throw new InvalidOperationException("only an empty record batch can borrow a buffer");
        }

        _buffer = buffer;
    }

    /// <summary>
    /// Appends a record that lies at <paramref name="start"/> (<paramref name="length"/> bytes) of the borrowed buffer.
    /// The caller checks <see cref="IsFull"/> first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AppendView(ulong key, int start, int length, long sourceOffset, long enqueueTimestamp)
    {
        var index = Count;
        if ((uint)index >= (uint)_offsets.Length)
        {
            throw new InvalidOperationException("record batch is full");
        }

        if (!IsBorrowing)
        {
            throw new InvalidOperationException("record batch has no borrowed buffer: call Borrow first");
        }

        if ((ulong)(uint)start + (uint)length > (ulong)_buffer.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(start), "record view lies outside the borrowed buffer");
        }

        _offsets[index] = start;
        _lengths[index] = length;
        _keys[index] = key;
        _sourceOffsets[index] = sourceOffset;
        _timestamps[index] = enqueueTimestamp;
        Count = index + 1;
    }

    /// <summary>The bytes of record <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Record(int index) => new(_buffer, _offsets[index], _lengths[index]);

    public ulong Key(int index) => _keys[index];

    public long SourceOffset(int index) => _sourceOffsets[index];

    public long EnqueueTimestamp(int index) => _timestamps[index];

    /// <summary>Empties the batch, keeping its buffers.</summary>
    public void Clear()
    {
        Count = 0;
        _used = 0;
        _buffer = _own;
    }

    private void Grow(int needed)
    {
        var size = Math.Max(_buffer.Length * 2, _used + needed);
        var bigger = new byte[size];
        _buffer.AsSpan(0, _used).CopyTo(bigger);
        _buffer = bigger;
        _own = bigger;
    }
}
