using System.Buffers.Binary;

namespace Phantom.Streams.Sessions;

/// <summary>
/// Reads what <see cref="SessionSnapshotWriter"/> wrote; every read is bounds-checked and a short or malformed
/// payload throws <see cref="InvalidDataException"/> (the snapshot is then ignored and the session fully replayed).
/// </summary>
internal ref struct SessionSnapshotReader(ReadOnlySpan<byte> payload)
{
    private readonly ReadOnlySpan<byte> _payload = payload;
    private int _position;

    /// <summary>Bytes not read yet.</summary>
    public readonly int Remaining => _payload.Length - _position;

    public byte ReadByte() => Take(1)[0];

    public bool ReadBool() => ReadByte() switch
    {
        0 => false,
        1 => true,
        var b => throw new InvalidDataException($"snapshot byte {_position - 1}: {b} is not a boolean"),
    };

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public double ReadDouble() => BitConverter.Int64BitsToDouble(ReadInt64());

    public void ReadBytes(scoped Span<byte> destination) => Take(destination.Length).CopyTo(destination);

    /// <summary>A count or capacity that must lie in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int ReadCount(int min, int max, string what)
    {
        var value = ReadInt32();
        if (value < min || value > max)
        {
            throw new InvalidDataException($"snapshot: {what} {value} is outside [{min}, {max}]");
        }

        return value;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining)
        {
            throw new InvalidDataException($"snapshot is truncated: {count} more bytes wanted at {_position} of {_payload.Length}");
        }

        var span = _payload.Slice(_position, count);
        _position += count;
        return span;
    }
}
