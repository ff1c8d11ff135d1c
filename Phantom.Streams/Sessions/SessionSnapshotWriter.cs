using System.Buffers.Binary;

namespace Phantom.Streams.Sessions;

/// <summary>
/// Little-endian writer of a session snapshot into a buffer it keeps and reuses: one instance per journal stage, so
/// a snapshot costs its final array only. Single-threaded.
/// </summary>
internal sealed class SessionSnapshotWriter
{
    private byte[] _buffer = new byte[512];

    /// <summary>Bytes written since the last <see cref="Reset"/>.</summary>
    public int Length { get; private set; }

    /// <summary>What was written so far.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public void Reset() => Length = 0;

    public void WriteByte(byte value) => Take(1)[0] = value;

    public void WriteBool(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Take(4), value);

    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Take(8), value);

    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Take(8), value);

    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Take(4), value);

    // Doubles as their raw bits: a restored value is the same value bit for bit (NaN payloads and -0 included).
    public void WriteDouble(double value) => WriteInt64(BitConverter.DoubleToInt64Bits(value));

    public void WriteBytes(ReadOnlySpan<byte> values) => values.CopyTo(Take(values.Length));

    public byte[] ToArray() => Written.ToArray();

    private Span<byte> Take(int count)
    {
        if (Length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + count));
        }

        var span = _buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }
}
